// The sample data shipped in ../data (written for 春日市; the city must confirm it before use): the dataset
// served while staff have imported none.
import { readFileSync } from 'node:fs';
import { parseDataset } from './parse.ts';
import { DATASET_FILES, type DatasetFiles, type GomiDataset } from './types.ts';

export const SAMPLE_DIR = new URL('../data/', import.meta.url);

export function readDatasetFiles(dir: URL = SAMPLE_DIR): DatasetFiles {
  const files = {} as DatasetFiles;
  for (const name of DATASET_FILES) files[name] = readFileSync(new URL(name, dir), 'utf8');
  return files;
}

let sample: GomiDataset | null = null;

/** The shipped sample, read once. */
export function sampleDataset(): GomiDataset {
  sample ??= parseDataset(readDatasetFiles());
  return sample;
}
