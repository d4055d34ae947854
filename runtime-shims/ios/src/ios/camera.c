/* Camera blocking: the AVFoundation and UIKit entry points to the camera report no camera or fail.
 * Media types are AVMediaTypeVideo ("vide") and AVMediaTypeMuxed ("muxx"); the microphone keeps working.
 * Error: AVFoundationErrorDomain / AVErrorApplicationIsNotAuthorizedToUseDevice (-11852). */
#include "runtime.h"

#define UIImagePickerControllerSourceTypeCamera 1
#define AVErrorApplicationIsNotAuthorizedToUseDevice (-11852)

static IMP orig_devices_with_type, orig_default_with_type, orig_default_device_type, orig_discovery_devices,
    orig_input_class, orig_input_init, orig_picker_available, orig_picker_set_source, orig_picker_media_types;

static int is_camera_media(id media) { return media && (CFEqual(media, CFSTR("vide")) || CFEqual(media, CFSTR("muxx"))); }

static int is_camera_device(id device) {
  return device && (MSG(BOOL, id)(device, SELN("hasMediaType:"), (id)CFSTR("vide")) ||
                    MSG(BOOL, id)(device, SELN("hasMediaType:"), (id)CFSTR("muxx")));
}

static id empty_array(void) { return MSG(id)(CLS("NSArray"), SELN("array")); }

static id no_camera_array(id devices) {
  id kept = MSG(id)(CLS("NSMutableArray"), SELN("array"));
  NSUInteger n = devices ? MSG(NSUInteger)(devices, SELN("count")) : 0;
  for (NSUInteger i = 0; i < n; i++) {
    id d = MSG(id, NSUInteger)(devices, SELN("objectAtIndex:"), i);
    if (!is_camera_device(d)) MSG(void, id)(kept, SELN("addObject:"), d);
  }
  return kept;
}

static void set_error(id *error) {
  if (error)
    *error = MSG(id, id, NSInteger, id)(CLS("NSError"), SELN("errorWithDomain:code:userInfo:"), (id)CFSTR("AVFoundationErrorDomain"),
                                        AVErrorApplicationIsNotAuthorizedToUseDevice, NULL);
}

static id devices_with_type(id self, SEL cmd, id media) {
  return is_camera_media(media) ? empty_array() : ((id(*)(id, SEL, id))orig_devices_with_type)(self, cmd, media);
}

static id default_with_type(id self, SEL cmd, id media) {
  return is_camera_media(media) ? NULL : ((id(*)(id, SEL, id))orig_default_with_type)(self, cmd, media);
}

static id default_device_type(id self, SEL cmd, id type, id media, NSInteger position) {
  id d = ((id(*)(id, SEL, id, id, NSInteger))orig_default_device_type)(self, cmd, type, media, position);
  return is_camera_device(d) ? NULL : d;
}

static id discovery_devices(id self, SEL cmd) { return no_camera_array(((id(*)(id, SEL))orig_discovery_devices)(self, cmd)); }

static id input_class(id self, SEL cmd, id device, id *error) {
  if (is_camera_device(device)) { set_error(error); return NULL; }
  return ((id(*)(id, SEL, id, id *))orig_input_class)(self, cmd, device, error);
}

/* The allocated input is leaked rather than released half-initialized. */
static id input_init(id self, SEL cmd, id device, id *error) {
  if (is_camera_device(device)) { set_error(error); return NULL; }
  return ((id(*)(id, SEL, id, id *))orig_input_init)(self, cmd, device, error);
}

static BOOL picker_available(id self, SEL cmd, NSInteger source) {
  return source != UIImagePickerControllerSourceTypeCamera && ((BOOL(*)(id, SEL, NSInteger))orig_picker_available)(self, cmd, source);
}

static id picker_media_types(id self, SEL cmd, NSInteger source) {
  return source == UIImagePickerControllerSourceTypeCamera ? NULL : ((id(*)(id, SEL, NSInteger))orig_picker_media_types)(self, cmd, source);
}

static void picker_set_source(id self, SEL cmd, NSInteger source) {
  if (source != UIImagePickerControllerSourceTypeCamera) ((void (*)(id, SEL, NSInteger))orig_picker_set_source)(self, cmd, source);
}

static BOOL answer_no(id self, SEL cmd) { (void)self; (void)cmd; return false; }

static void install_once(void) {
  Class device = objc_getClass("AVCaptureDevice"), input = objc_getClass("AVCaptureDeviceInput");
  Class picker = objc_getClass("UIImagePickerController"), discovery = objc_getClass("AVCaptureDeviceDiscoverySession");
  Class scanner = objc_getClass("VNDocumentCameraViewController"), data_scanner = objc_getClass("DataScannerViewController");
  if (device && !orig_default_with_type) {
    Class meta = object_getClass((id)device);
    orig_devices_with_type = mam_swizzle(meta, "devicesWithMediaType:", (IMP)devices_with_type);
    orig_default_with_type = mam_swizzle(meta, "defaultDeviceWithMediaType:", (IMP)default_with_type);
    orig_default_device_type = mam_swizzle(meta, "defaultDeviceWithDeviceType:mediaType:position:", (IMP)default_device_type);
  }
  if (discovery && !orig_discovery_devices) orig_discovery_devices = mam_swizzle(discovery, "devices", (IMP)discovery_devices);
  if (input && !orig_input_init) {
    orig_input_class = mam_swizzle(object_getClass((id)input), "deviceInputWithDevice:error:", (IMP)input_class);
    orig_input_init = mam_swizzle(input, "initWithDevice:error:", (IMP)input_init);
  }
  if (picker && !orig_picker_available) {
    Class meta = object_getClass((id)picker);
    orig_picker_available = mam_swizzle(meta, "isSourceTypeAvailable:", (IMP)picker_available);
    orig_picker_media_types = mam_swizzle(meta, "availableMediaTypesForSourceType:", (IMP)picker_media_types);
    mam_swizzle(meta, "isCameraDeviceAvailable:", (IMP)answer_no);
    orig_picker_set_source = mam_swizzle(picker, "setSourceType:", (IMP)picker_set_source);
  }
  if (scanner) mam_swizzle(object_getClass((id)scanner), "isSupported", (IMP)answer_no);
  if (data_scanner) mam_swizzle(object_getClass((id)data_scanner), "isSupported", (IMP)answer_no);
}

/* Frameworks loaded later (dlopen) get the same treatment when their image is added. */
static void on_image_added(const struct mach_header *mh, intptr_t slide) {
  (void)mh; (void)slide;
  install_once();
}

void mam_install_camera_block(void) {
  install_once();
  _dyld_register_func_for_add_image(on_image_added);
}
