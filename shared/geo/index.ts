export * from './point';
export * from './distance';
export * from './nearest';
export * from './geofence';
export * from './georef';
