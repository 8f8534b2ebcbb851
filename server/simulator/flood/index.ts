export { startFlood } from './flood';
export type { FloodCounts, FloodOptions, FloodResult, RunningFlood } from './flood';
export { beaconsOfSite, floodBeaconIds, withFloodBeacons } from './flood-beacons';
