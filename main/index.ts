/** Electron entry (out/main/index.js). Everything else lives behind the adapter. */
import './electron/app';
