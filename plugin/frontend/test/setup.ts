// What @grafana/ui expects of a browser that jsdom does not provide.
import './node-resolve.cjs';

import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

import { installBrowserPolyfills } from './polyfills.cjs';

installBrowserPolyfills(globalThis as unknown as Record<string, unknown>);

afterEach(() => cleanup());
