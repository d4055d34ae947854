// Constants of the Dalvik Executable format, spelled as the DEX format spec at source.android.com
// ("Dalvik Executable format") and AOSP libdex/DexFile.h spell them.

export const DEX_FILE_MAGIC = 'dex\n';
export const ENDIAN_CONSTANT = 0x12345678;
export const REVERSE_ENDIAN_CONSTANT = 0x78563412;
export const NO_INDEX = 0xffffffff;
export const HEADER_SIZE = 0x70;
export const SUPPORTED_VERSIONS = ['035', '036', '037', '038', '039'] as const;

// map_list item types ("Type codes").
export const TYPE_HEADER_ITEM = 0x0000;
export const TYPE_STRING_ID_ITEM = 0x0001;
export const TYPE_TYPE_ID_ITEM = 0x0002;
export const TYPE_PROTO_ID_ITEM = 0x0003;
export const TYPE_FIELD_ID_ITEM = 0x0004;
export const TYPE_METHOD_ID_ITEM = 0x0005;
export const TYPE_CLASS_DEF_ITEM = 0x0006;
export const TYPE_CALL_SITE_ID_ITEM = 0x0007;
export const TYPE_METHOD_HANDLE_ITEM = 0x0008;
export const TYPE_MAP_LIST = 0x1000;
export const TYPE_TYPE_LIST = 0x1001;
export const TYPE_ANNOTATION_SET_REF_LIST = 0x1002;
export const TYPE_ANNOTATION_SET_ITEM = 0x1003;
export const TYPE_CLASS_DATA_ITEM = 0x2000;
export const TYPE_CODE_ITEM = 0x2001;
export const TYPE_STRING_DATA_ITEM = 0x2002;
export const TYPE_DEBUG_INFO_ITEM = 0x2003;
export const TYPE_ANNOTATION_ITEM = 0x2004;
export const TYPE_ENCODED_ARRAY_ITEM = 0x2005;
export const TYPE_ANNOTATIONS_DIRECTORY_ITEM = 0x2006;
export const TYPE_HIDDENAPI_CLASS_DATA_ITEM = 0xf000;

export const MAP_ITEM_NAMES: Readonly<Record<number, string>> = {
  [TYPE_HEADER_ITEM]: 'header_item',
  [TYPE_STRING_ID_ITEM]: 'string_id_item',
  [TYPE_TYPE_ID_ITEM]: 'type_id_item',
  [TYPE_PROTO_ID_ITEM]: 'proto_id_item',
  [TYPE_FIELD_ID_ITEM]: 'field_id_item',
  [TYPE_METHOD_ID_ITEM]: 'method_id_item',
  [TYPE_CLASS_DEF_ITEM]: 'class_def_item',
  [TYPE_CALL_SITE_ID_ITEM]: 'call_site_id_item',
  [TYPE_METHOD_HANDLE_ITEM]: 'method_handle_item',
  [TYPE_MAP_LIST]: 'map_list',
  [TYPE_TYPE_LIST]: 'type_list',
  [TYPE_ANNOTATION_SET_REF_LIST]: 'annotation_set_ref_list',
  [TYPE_ANNOTATION_SET_ITEM]: 'annotation_set_item',
  [TYPE_CLASS_DATA_ITEM]: 'class_data_item',
  [TYPE_CODE_ITEM]: 'code_item',
  [TYPE_STRING_DATA_ITEM]: 'string_data_item',
  [TYPE_DEBUG_INFO_ITEM]: 'debug_info_item',
  [TYPE_ANNOTATION_ITEM]: 'annotation_item',
  [TYPE_ENCODED_ARRAY_ITEM]: 'encoded_array_item',
  [TYPE_ANNOTATIONS_DIRECTORY_ITEM]: 'annotations_directory_item',
  [TYPE_HIDDENAPI_CLASS_DATA_ITEM]: 'hiddenapi_class_data_item',
};

/** Alignment of each item kind in the file ("Alignment" column of the map item table). */
export const MAP_ITEM_ALIGNMENT: Readonly<Record<number, number>> = {
  [TYPE_HEADER_ITEM]: 4,
  [TYPE_STRING_ID_ITEM]: 4,
  [TYPE_TYPE_ID_ITEM]: 4,
  [TYPE_PROTO_ID_ITEM]: 4,
  [TYPE_FIELD_ID_ITEM]: 4,
  [TYPE_METHOD_ID_ITEM]: 4,
  [TYPE_CLASS_DEF_ITEM]: 4,
  [TYPE_CALL_SITE_ID_ITEM]: 4,
  [TYPE_METHOD_HANDLE_ITEM]: 4,
  [TYPE_MAP_LIST]: 4,
  [TYPE_TYPE_LIST]: 4,
  [TYPE_ANNOTATION_SET_REF_LIST]: 4,
  [TYPE_ANNOTATION_SET_ITEM]: 4,
  [TYPE_CLASS_DATA_ITEM]: 1,
  [TYPE_CODE_ITEM]: 4,
  [TYPE_STRING_DATA_ITEM]: 1,
  [TYPE_DEBUG_INFO_ITEM]: 1,
  [TYPE_ANNOTATION_ITEM]: 1,
  [TYPE_ENCODED_ARRAY_ITEM]: 1,
  [TYPE_ANNOTATIONS_DIRECTORY_ITEM]: 4,
  [TYPE_HIDDENAPI_CLASS_DATA_ITEM]: 4,
};

// encoded_value types ("Value formats").
export const VALUE_BYTE = 0x00;
export const VALUE_SHORT = 0x02;
export const VALUE_CHAR = 0x03;
export const VALUE_INT = 0x04;
export const VALUE_LONG = 0x06;
export const VALUE_FLOAT = 0x10;
export const VALUE_DOUBLE = 0x11;
export const VALUE_METHOD_TYPE = 0x15;
export const VALUE_METHOD_HANDLE = 0x16;
export const VALUE_STRING = 0x17;
export const VALUE_TYPE = 0x18;
export const VALUE_FIELD = 0x19;
export const VALUE_METHOD = 0x1a;
export const VALUE_ENUM = 0x1b;
export const VALUE_ARRAY = 0x1c;
export const VALUE_ANNOTATION = 0x1d;
export const VALUE_NULL = 0x1e;
export const VALUE_BOOLEAN = 0x1f;

// debug_info state machine opcodes.
export const DBG_END_SEQUENCE = 0x00;
export const DBG_ADVANCE_PC = 0x01;
export const DBG_ADVANCE_LINE = 0x02;
export const DBG_START_LOCAL = 0x03;
export const DBG_START_LOCAL_EXTENDED = 0x04;
export const DBG_END_LOCAL = 0x05;
export const DBG_RESTART_LOCAL = 0x06;
export const DBG_SET_PROLOGUE_END = 0x07;
export const DBG_SET_EPILOGUE_BEGIN = 0x08;
export const DBG_SET_FILE = 0x09;
export const DBG_FIRST_SPECIAL = 0x0a;

// Payload pseudo-instruction identifiers (first code unit).
export const PACKED_SWITCH_PAYLOAD = 0x0100;
export const SPARSE_SWITCH_PAYLOAD = 0x0200;
export const FILL_ARRAY_DATA_PAYLOAD = 0x0300;

export const ACC_PUBLIC = 0x1;
export const ACC_PRIVATE = 0x2;
export const ACC_PROTECTED = 0x4;
export const ACC_STATIC = 0x8;
export const ACC_FINAL = 0x10;
export const ACC_SYNCHRONIZED = 0x20;
export const ACC_VOLATILE = 0x40;
export const ACC_BRIDGE = 0x40;
export const ACC_TRANSIENT = 0x80;
export const ACC_VARARGS = 0x80;
export const ACC_NATIVE = 0x100;
export const ACC_INTERFACE = 0x200;
export const ACC_ABSTRACT = 0x400;
export const ACC_STRICT = 0x800;
export const ACC_SYNTHETIC = 0x1000;
export const ACC_ANNOTATION = 0x2000;
export const ACC_ENUM = 0x4000;
export const ACC_CONSTRUCTOR = 0x10000;
export const ACC_DECLARED_SYNCHRONIZED = 0x20000;
