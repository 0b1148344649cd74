// The panel's `transformations`, run by @grafana/data's transformDataFrame over every standard transformer
// @grafana/data publishes (Grafana's core registers the same ones, plus a few of its own, in the same registry).
import React from 'react';
import {
  standardTransformers,
  standardTransformersRegistry,
  transformDataFrame,
  type DataFrame,
  type DataTransformerConfig,
  type DataTransformerInfo,
  type InterpolateFunction,
  type TransformerRegistryItem,
} from '@grafana/data';

const NoEditor: React.ComponentType<any> = () => null;

standardTransformersRegistry.setInit(() =>
  Object.values(standardTransformers).map(
    (info: DataTransformerInfo<any>): TransformerRegistryItem<any> => ({
      id: info.id,
      aliasIds: info.aliasIds,
      name: info.name,
      description: info.description,
      transformation: info,
      editor: NoEditor,
    })
  )
);

/** The transformer ids this preview can run. */
export function supportedTransformations(): string[] {
  return standardTransformersRegistry.list().map((t) => t.id);
}

export function applyTransformations(
  frames: DataFrame[],
  transformations: DataTransformerConfig[] | undefined,
  replaceVariables: InterpolateFunction
): Promise<DataFrame[]> {
  const enabled = (transformations ?? []).filter((t) => !t.disabled);
  if (enabled.length === 0) {
    return Promise.resolve(frames);
  }
  const unknown = enabled.find((t) => !standardTransformersRegistry.getIfExists(t.id));
  if (unknown) {
    return Promise.reject(new Error(`the preview cannot run the transformation "${unknown.id}"`));
  }
  return new Promise((resolve, reject) => {
    let last = frames;
    transformDataFrame(enabled, frames, { interpolate: replaceVariables }).subscribe({
      next: (value) => {
        last = value;
      },
      error: reject,
      complete: () => resolve(last),
    });
  });
}
