import './base.css';
import './nsidc-map.css';
import './nsidc.css';
import './shared.css';
import './binder.css';
import './meter.css';
import './downloads.css';
import './viewer.css';
