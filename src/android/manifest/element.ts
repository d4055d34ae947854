// The small element interface that the manifest summary reads. Both the binary XML of an APK
// (AxmlDocument) and the protobuf XML of an app bundle (aapt2 Resources.proto XmlNode) map onto it, so
// the same summary code serves both. Values keep Android's Res_value shape (dataType, data) plus the
// string where there is one.

import { NO_ENTRY, TYPE_STRING } from '../axml/constants.js';
import type { AxmlDocument, AxmlElement } from '../axml/model.js';
import { attributeResourceId, stringAt } from '../axml/query.js';

export interface XmlValueView {
  /** Res_value::dataType (TYPE_STRING, TYPE_INT_DEC, TYPE_REFERENCE, …). */
  dataType: number;
  /** Res_value::data (for TYPE_STRING, meaningless). */
  data: number;
  /** The raw text, or the string value; undefined when there is none. */
  string?: string;
}

export interface XmlAttributeView {
  namespaceUri: string;
  name: string;
  /** The attribute's resource ID from the resource map (0 when none). */
  resourceId: number;
  value: XmlValueView;
}

export interface XmlElementView {
  namespaceUri: string;
  name: string;
  attributes: XmlAttributeView[];
  children: XmlElementView[];
}

function elementView(doc: AxmlDocument, el: AxmlElement): XmlElementView {
  const str = (ref: number): string => (ref === NO_ENTRY ? '' : stringAt(doc, ref) ?? '');
  return {
    namespaceUri: str(el.ns),
    name: str(el.name),
    attributes: el.attributes.map((a) => {
      const raw = a.rawValue === NO_ENTRY ? undefined : stringAt(doc, a.rawValue);
      const typed = a.typedValue.dataType === TYPE_STRING ? stringAt(doc, a.typedValue.data) : undefined;
      return {
        namespaceUri: str(a.ns),
        name: str(a.name),
        resourceId: attributeResourceId(doc, a),
        value: { dataType: a.typedValue.dataType, data: a.typedValue.data >>> 0, string: raw ?? typed },
      };
    }),
    children: el.children.filter((c): c is AxmlElement => c.kind === 'element').map((c) => elementView(doc, c)),
  };
}

/** The document element of a binary XML document as an XmlElementView. */
export function axmlRootView(doc: AxmlDocument): XmlElementView | undefined {
  const root = doc.nodes.find((n): n is AxmlElement => n.kind === 'element');
  return root && elementView(doc, root);
}
