/** The dashboard reads no config of its own: it asks the Insights backend, found through discovery. */
export interface Config {}
