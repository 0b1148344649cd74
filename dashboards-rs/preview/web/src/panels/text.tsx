// The text panel as Grafana 10.4's TextPanel draws it: variables interpolated first (so they work in links),
// markdown through renderTextPanelMarkdown, everything through Grafana's sanitizer.
import React from 'react';
import { renderTextPanelMarkdown, textUtil } from '@grafana/data';
import { CustomScrollbar } from '@grafana/ui';
import type { PanelRenderProps } from './types';

export function renderContent(options: Record<string, any>, replaceVariables: PanelRenderProps['replaceVariables']): string {
  const content = replaceVariables(String(options.content ?? ''), {}, 'html');
  switch (options.mode) {
    case 'html':
      return textUtil.sanitize(content);
    case 'code':
      // Grafana shows code in its (Monaco) CodeEditor; the preview shows it preformatted.
      return `<pre>${textUtil.escapeHtml(content)}</pre>`;
    default:
      return textUtil.sanitize(renderTextPanelMarkdown(content));
  }
}

export function TextPanel({ options, replaceVariables }: PanelRenderProps) {
  return (
    <CustomScrollbar autoHeightMin="100%">
      <div className="markdown-html" style={{ height: '100%' }} dangerouslySetInnerHTML={{ __html: renderContent(options, replaceVariables) }} />
    </CustomScrollbar>
  );
}
