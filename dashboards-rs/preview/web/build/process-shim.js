// A few dependencies of @grafana/ui and @grafana/runtime read process.env beyond NODE_ENV (defined at build time).
export const process = { env: { NODE_ENV: 'production' }, browser: true, version: '', versions: {}, platform: 'browser' };
