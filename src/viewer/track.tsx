/**
 * The ground tracks of a granule's beams on the NSIDC search's map (through
 * `ISearchMaps`), linked to the quick look: the beam shown is highlighted,
 * the point under the plot's pointer is marked on its track, and the track
 * point under the map's pointer is reported back to the plot.
 */

import { Widget } from '@lumino/widgets';
import React, { useEffect, useLayoutEffect, useRef, useState } from 'react';

import type { IFootprintMap, ISearchMaps, LonLat } from '../nsidc/tokens';
import { requestAPI } from '../request';
import {
  BEAMS,
  fileArgument,
  mapViewOf,
  nearestIndex,
  nearestPoint,
  trackPaths
} from './files';
import type { IQuickLookProps } from './quicklook';
import type { ITrackReply } from './types';

/**
 * Points asked of the track route per beam.
 */
const POINTS = 400;

/**
 * The map's props: the quick look's, the maps, the along-track coordinate
 * to mark (or null) and where to report the one under the map's pointer.
 */
export interface IGroundTrackProps extends IQuickLookProps {
  maps: ISearchMaps;
  markedX: number | null;
  onPointedX: (x: number | null) => void;
}

/**
 * Each beam's track of the file on the search's map.
 */
export function GroundTrackMap(props: IGroundTrackProps): JSX.Element {
  const { file, serverSettings, trans, product, beam, maps } = props;
  const host = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<IFootprintMap | null>(null);
  const [tracks, setTracks] = useState<Map<string, ITrackReply> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // the latest props and tracks, for the map's signal handlers
  const latest = useRef(props);
  latest.current = props;
  const tracksRef = useRef<Map<string, ITrackReply> | null>(null);

  useLayoutEffect(() => {
    let made: IFootprintMap | null = null;
    let current = true;
    void maps.createMap().then(created => {
      if (!current || !host.current) {
        created.dispose();
        return;
      }
      made = created;
      Widget.attach(made, host.current);
      // the point under the pointer, of whichever beam's track (a pair's
      // two tracks are 90 m apart), taken to the beam shown
      made.pointed.connect((_, point) => {
        const { beam, onPointedX } = latest.current;
        const track = tracksRef.current?.get(beam);
        const near = point && tracksRef.current?.get(point.id);
        const index =
          track && near
            ? nearestPoint(track, [
                near.lon[point.index],
                near.lat[point.index]
              ])
            : -1;
        onPointedX(index < 0 ? null : track!.x[index]);
      });
      // the beam shown stays highlighted
      made.footprintHovered.connect(() =>
        made?.setHighlight(latest.current.beam)
      );
      setMap(made);
    });
    return () => {
      current = false;
      // (a layout effect: run before React takes the host out of the page)
      if (made?.isAttached && made.node.isConnected) {
        Widget.detach(made);
      }
      if (made && !made.isAttached) {
        made.dispose();
      }
    };
  }, []);

  // every beam's track, read once: a beam the file lacks is left out
  useEffect(() => {
    let current = true;
    const asked = BEAMS.map(name => {
      const paths = trackPaths(product, name)!;
      const query = new URLSearchParams({
        file: fileArgument(file),
        ...paths,
        points: String(POINTS)
      });
      return requestAPI<ITrackReply>(serverSettings, `h5/track?${query}`, {
        trans
      }).then(reply => [name, reply] as const);
    });
    void Promise.allSettled(asked).then(results => {
      if (!current) {
        return;
      }
      const found = new Map<string, ITrackReply>();
      for (const result of results) {
        if (result.status === 'fulfilled' && result.value[1].lat.length) {
          found.set(...result.value);
        }
      }
      if (!found.size) {
        const failed = results.find(result => result.status === 'rejected');
        setError(
          failed
            ? (failed as PromiseRejectedResult).reason.message
            : trans.__(
                'No beam of this file has a real latitude and longitude.'
              )
        );
      }
      tracksRef.current = found;
      setTracks(found);
    });
    return () => {
      current = false;
    };
  }, []);

  // the tracks drawn and framed once both the map and they are there
  useEffect(() => {
    if (!map || !tracks?.size) {
      return;
    }
    const lines = new Map<string, LonLat[]>();
    tracks.forEach((track, name) =>
      lines.set(
        name,
        track.lon.map((lon, i) => [lon, track.lat[i]])
      )
    );
    map.view = mapViewOf([...tracks.values()].flatMap(track => track.lat));
    map.setFootprints([...lines].map(([id, line]) => ({ id, lines: [line] })));
    map.fitTo([...lines.values()]);
  }, [map, tracks]);

  useEffect(() => {
    map?.setHighlight(tracks?.has(beam) ? beam : null);
  }, [map, tracks, beam]);

  // the plot's pointer marked on the beam's track
  useEffect(() => {
    const track = tracks?.get(beam);
    const index =
      track && props.markedX !== null
        ? nearestIndex(track.x, props.markedX)
        : -1;
    map?.setMarker(index < 0 ? null : [track!.lon[index], track!.lat[index]]);
  }, [map, tracks, beam, props.markedX]);

  return (
    <figure
      className="jp-hackweek-QuickLook-track"
      data-beams={tracks ? [...tracks.keys()].join(' ') : ''}
      data-view={map && tracks?.size ? map.view : ''}
    >
      <div className="jp-hackweek-QuickLook-trackHost" ref={host} />
      <figcaption>
        {error
          ? trans.__('Ground tracks not shown: %1', error)
          : tracks
            ? trans.__(
                'Ground tracks (%1 highlighted); point at the plot or a track to link them',
                beam
              )
            : trans.__('Reading the ground tracks…')}
      </figcaption>
    </figure>
  );
}
