import './base.css';
import './nsidc-map.css';
import './shared.css';
import './binder.css';
