// The entry point: Grafana's dark theme and global styles around the page, uPlot's stylesheet (Grafana's own
// stylesheet carries it; @grafana/ui does not).
import 'uplot/dist/uPlot.min.css';
import './status';
import './flotGauge';
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { App } from './App';

const theme = createTheme();

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <App theme={theme} />
  </ThemeContext.Provider>
);
