// Browser APIs @grafana/ui touches that jsdom lacks. Shared by the unit tests (vitest + jsdom) and the AMD test.
'use strict';

function installBrowserPolyfills(g) {
  const win = g.window || g;
  if (!win.matchMedia) {
    win.matchMedia = (query) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent() {
        return false;
      },
    });
  }
  class NoopObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  }
  for (const name of ['ResizeObserver', 'IntersectionObserver', 'MutationObserver']) {
    if (!win[name]) {
      win[name] = NoopObserver;
    }
    if (!g[name]) {
      g[name] = win[name];
    }
  }
  if (win.HTMLCanvasElement && !win.HTMLCanvasElement.prototype.__tumultePolyfilled) {
    // jsdom has no canvas: a context whose measureText gives a width, as @grafana/ui's measureText needs.
    win.HTMLCanvasElement.prototype.getContext = function getContext() {
      return {
        font: '',
        measureText: (text) => ({ width: String(text).length * 7 }),
        fillRect() {},
        clearRect() {},
        getImageData: () => ({ data: [] }),
        putImageData() {},
        createImageData: () => [],
        setTransform() {},
        drawImage() {},
        save() {},
        restore() {},
        beginPath() {},
        moveTo() {},
        lineTo() {},
        closePath() {},
        stroke() {},
        fill() {},
        translate() {},
        scale() {},
        rotate() {},
        arc() {},
        rect() {},
        clip() {},
        fillText() {},
      };
    };
    win.HTMLCanvasElement.prototype.__tumultePolyfilled = true;
  }
  if (!win.scrollTo || String(win.scrollTo).includes('not implemented')) {
    win.scrollTo = () => {};
  }
}

module.exports = { installBrowserPolyfills };
