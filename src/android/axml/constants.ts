// Constants of Android's binary resource formats, spelled as in AOSP
// frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h.

export const RES_NULL_TYPE = 0x0000;
export const RES_STRING_POOL_TYPE = 0x0001;
export const RES_TABLE_TYPE = 0x0002;
export const RES_XML_TYPE = 0x0003;

export const RES_XML_FIRST_CHUNK_TYPE = 0x0100;
export const RES_XML_START_NAMESPACE_TYPE = 0x0100;
export const RES_XML_END_NAMESPACE_TYPE = 0x0101;
export const RES_XML_START_ELEMENT_TYPE = 0x0102;
export const RES_XML_END_ELEMENT_TYPE = 0x0103;
export const RES_XML_CDATA_TYPE = 0x0104;
export const RES_XML_LAST_CHUNK_TYPE = 0x017f;
export const RES_XML_RESOURCE_MAP_TYPE = 0x0180;

export const RES_TABLE_PACKAGE_TYPE = 0x0200;
export const RES_TABLE_TYPE_TYPE = 0x0201;
export const RES_TABLE_TYPE_SPEC_TYPE = 0x0202;
export const RES_TABLE_LIBRARY_TYPE = 0x0203;

/** sizeof(ResChunk_header) */
export const CHUNK_HEADER_SIZE = 8;
/** sizeof(ResXMLTree_node): header, lineNumber, comment */
export const XML_NODE_HEADER_SIZE = 16;
/** sizeof(ResStringPool_header) */
export const STRING_POOL_HEADER_SIZE = 28;
/** sizeof(ResXMLTree_attrExt) */
export const ATTR_EXT_SIZE = 20;
/** sizeof(ResXMLTree_attribute) */
export const ATTRIBUTE_SIZE = 20;
/** sizeof(ResXMLTree_namespaceExt) */
export const NAMESPACE_EXT_SIZE = 8;
/** sizeof(ResXMLTree_endElementExt) */
export const END_ELEMENT_EXT_SIZE = 8;
/** sizeof(ResXMLTree_cdataExt) */
export const CDATA_EXT_SIZE = 12;
/** sizeof(Res_value) */
export const RES_VALUE_SIZE = 8;

// ResStringPool_header::flags
export const SORTED_FLAG = 1 << 0;
export const UTF8_FLAG = 1 << 8;

/** ResStringPool_ref with no string, and ResStringPool_span::END. */
export const NO_ENTRY = 0xffffffff;

// Res_value::dataType
export const TYPE_NULL = 0x00;
export const TYPE_REFERENCE = 0x01;
export const TYPE_ATTRIBUTE = 0x02;
export const TYPE_STRING = 0x03;
export const TYPE_FLOAT = 0x04;
export const TYPE_DIMENSION = 0x05;
export const TYPE_FRACTION = 0x06;
export const TYPE_DYNAMIC_REFERENCE = 0x07;
export const TYPE_DYNAMIC_ATTRIBUTE = 0x08;
export const TYPE_FIRST_INT = 0x10;
export const TYPE_INT_DEC = 0x10;
export const TYPE_INT_HEX = 0x11;
export const TYPE_INT_BOOLEAN = 0x12;
export const TYPE_FIRST_COLOR_INT = 0x1c;
export const TYPE_INT_COLOR_ARGB8 = 0x1c;
export const TYPE_INT_COLOR_RGB8 = 0x1d;
export const TYPE_INT_COLOR_ARGB4 = 0x1e;
export const TYPE_INT_COLOR_RGB4 = 0x1f;
export const TYPE_LAST_INT = 0x1f;

/** The android: namespace URI. */
export const ANDROID_NS = 'http://schemas.android.com/apk/res/android';
