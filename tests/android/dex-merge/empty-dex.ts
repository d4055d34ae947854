// A DEX model with no ids and no classes, for building synthetic DEX files with the codec's edits.
import type { DexFile } from '../../../src/android/dex/model.js';

export function emptyDex(version = '035'): DexFile {
  return {
    version,
    header: { checksum: 0, signature: new Uint8Array(20), fileSize: 0, dataOff: 0, dataSize: 0 },
    strings: [], stringDataOrder: null, types: [], protos: [], fields: [], methods: [], classDefs: [], callSites: [],
    methodHandles: [], typeLists: [], annotationSetRefLists: [], annotationSets: [], classData: [], codeItems: [],
    debugInfos: [], annotations: [], encodedArrays: [], annotationsDirectories: [], hiddenapiClassData: null,
    sections: [], link: new Uint8Array(0),
  };
}
