// The typed configuration and its loader; importers keep using this path. The fields stand per concern in
// server / storage / auth / limits / payments / settlement / files .config.ts, the loader in load-config.ts.
export { AppConfig } from './app-config.schema';
export { ConfigError, loadConfig } from './load-config';
