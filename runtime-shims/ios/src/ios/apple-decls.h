/* Hand-written declarations of the Apple C APIs the runtime calls (no SDK): the Objective-C runtime
 * (objc/runtime.h, objc/message.h), CoreFoundation, CFNetwork, SystemConfiguration's captive-network
 * API, dyld's image list, getifaddrs and the BSD socket layouts of arm64 Darwin (XNU bsd/sys/socket.h,
 * bsd/netinet/in.h, bsd/net/if.h). Each matches the platform's public declaration. */
#ifndef MAM_APPLE_DECLS_H
#define MAM_APPLE_DECLS_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Objective-C runtime. BOOL is bool on arm64. */
typedef struct objc_class *Class;
typedef struct objc_object *id;
typedef struct objc_selector *SEL;
typedef struct objc_method *Method;
typedef void (*IMP)(void);
typedef bool BOOL;
typedef long NSInteger;
typedef unsigned long NSUInteger;
typedef double CGFloat;
typedef struct { CGFloat x, y; } CGPoint;
typedef struct { CGFloat width, height; } CGSize;
typedef struct { CGPoint origin; CGSize size; } CGRect;

Class objc_getClass(const char *name);
Class objc_allocateClassPair(Class superclass, const char *name, size_t extra);
void objc_registerClassPair(Class cls);
Class object_getClass(id obj);
SEL sel_registerName(const char *name);
Method class_getInstanceMethod(Class cls, SEL sel);
Method class_getClassMethod(Class cls, SEL sel);
BOOL class_addMethod(Class cls, SEL sel, IMP imp, const char *types);
IMP method_getImplementation(Method m);
IMP method_setImplementation(Method m, IMP imp);
const char *method_getTypeEncoding(Method m);
void objc_msgSend(void);
void *objc_autoreleasePoolPush(void);
void objc_autoreleasePoolPop(void *pool);

/* CoreFoundation. */
typedef const void *CFTypeRef;
typedef const struct __CFString *CFStringRef;
typedef const struct __CFDictionary *CFDictionaryRef;
typedef const struct __CFArray *CFArrayRef;
typedef struct __CFBundle *CFBundleRef;
typedef const struct __CFURL *CFURLRef;
typedef struct __CFNotificationCenter *CFNotificationCenterRef;
typedef struct __CFRunLoop *CFRunLoopRef;
typedef struct __CFRunLoopTimer *CFRunLoopTimerRef;
typedef const struct __CFAllocator *CFAllocatorRef;
typedef long CFIndex;
typedef unsigned long CFTypeID;
typedef uint32_t CFStringEncoding;
typedef double CFTimeInterval;
typedef double CFAbsoluteTime;
typedef unsigned long CFOptionFlags;
#define kCFStringEncodingUTF8 0x08000100u
#define CFNotificationSuspensionBehaviorDeliverImmediately 4
#define CFSTR(s) ((CFStringRef)__builtin___CFStringMakeConstantString(s))
typedef void (*CFNotificationCallback)(CFNotificationCenterRef, void *observer, CFStringRef name, const void *object, CFDictionaryRef userInfo);
typedef void (*CFRunLoopTimerCallBack)(CFRunLoopTimerRef timer, void *info);

extern const CFStringRef kCFRunLoopCommonModes;
CFBundleRef CFBundleGetMainBundle(void);
CFTypeRef CFBundleGetValueForInfoDictionaryKey(CFBundleRef bundle, CFStringRef key);
CFURLRef CFBundleCopyBundleURL(CFBundleRef bundle);
CFStringRef CFBundleGetIdentifier(CFBundleRef bundle);
BOOL CFURLGetFileSystemRepresentation(CFURLRef url, BOOL resolveAgainstBase, uint8_t *buffer, CFIndex maxBufLen);
CFTypeID CFGetTypeID(CFTypeRef cf);
CFTypeID CFStringGetTypeID(void);
CFTypeID CFDictionaryGetTypeID(void);
CFTypeID CFArrayGetTypeID(void);
BOOL CFEqual(CFTypeRef a, CFTypeRef b);
void CFRelease(CFTypeRef cf);
CFTypeRef CFRetain(CFTypeRef cf);
const void *CFDictionaryGetValue(CFDictionaryRef dict, const void *key);
CFIndex CFDictionaryGetCount(CFDictionaryRef dict);
void CFDictionaryGetKeysAndValues(CFDictionaryRef dict, const void **keys, const void **values);
CFIndex CFArrayGetCount(CFArrayRef array);
const void *CFArrayGetValueAtIndex(CFArrayRef array, CFIndex i);
BOOL CFStringGetCString(CFStringRef s, char *buffer, CFIndex size, CFStringEncoding enc);
CFStringRef CFStringCreateWithCString(CFAllocatorRef alloc, const char *s, CFStringEncoding enc);
CFNotificationCenterRef CFNotificationCenterGetLocalCenter(void);
void CFNotificationCenterAddObserver(CFNotificationCenterRef center, const void *observer, CFNotificationCallback cb,
                                     CFStringRef name, const void *object, CFIndex suspension);
CFRunLoopRef CFRunLoopGetMain(void);
CFAbsoluteTime CFAbsoluteTimeGetCurrent(void);
CFRunLoopTimerRef CFRunLoopTimerCreate(CFAllocatorRef alloc, CFAbsoluteTime fire, CFTimeInterval interval, CFOptionFlags flags,
                                       CFIndex order, CFRunLoopTimerCallBack cb, void *context);
void CFRunLoopAddTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer, CFStringRef mode);
void CFRunLoopTimerInvalidate(CFRunLoopTimerRef timer);

/* CFNetwork and SystemConfiguration (CaptiveNetwork.h). */
CFDictionaryRef CFNetworkCopySystemProxySettings(void);
CFArrayRef CNCopySupportedInterfaces(void);
CFDictionaryRef CNCopyCurrentNetworkInfo(CFStringRef interfaceName);

/* Foundation (C symbols). */
extern id const NSFileProtectionKey;
extern id const NSFileProtectionComplete;
id NSHomeDirectory(void);

/* dyld (mach-o/dyld.h, dlfcn.h). */
#define RTLD_DEFAULT ((void *)-2)
void *dlsym(void *handle, const char *symbol);
uint32_t _dyld_image_count(void);
const char *_dyld_get_image_name(uint32_t index);
struct mach_header;
void _dyld_register_func_for_add_image(void (*func)(const struct mach_header *mh, intptr_t slide));

/* BSD sockets, arm64 Darwin layouts. */
typedef uint32_t socklen_t;
typedef uint8_t sa_family_t;
#define AF_INET 2
#define AF_INET6 30
#define IFF_UP 0x1
struct sockaddr { uint8_t sa_len; sa_family_t sa_family; char sa_data[14]; };
struct sockaddr_in { uint8_t sin_len; sa_family_t sin_family; uint16_t sin_port; uint8_t sin_addr[4]; char sin_zero[8]; };
struct sockaddr_in6 { uint8_t sin6_len; sa_family_t sin6_family; uint16_t sin6_port; uint32_t sin6_flowinfo; uint8_t sin6_addr[16]; uint32_t sin6_scope_id; };
struct ifaddrs {
  struct ifaddrs *ifa_next;
  char *ifa_name;
  unsigned int ifa_flags;
  struct sockaddr *ifa_addr;
  struct sockaddr *ifa_netmask;
  struct sockaddr *ifa_dstaddr;
  void *ifa_data;
};
int getifaddrs(struct ifaddrs **out);
void freeifaddrs(struct ifaddrs *ifa);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
typedef struct {
  unsigned int sae_srcif;
  const struct sockaddr *sae_srcaddr;
  socklen_t sae_srcaddrlen;
  const struct sockaddr *sae_dstaddr;
  socklen_t sae_dstaddrlen;
} sa_endpoints_t;
struct iovec;
int connectx(int fd, const sa_endpoints_t *eps, uint32_t associd, unsigned int flags, const struct iovec *iov,
             unsigned int iovcnt, size_t *len, uint32_t *connid);
struct addrinfo;
int getaddrinfo(const char *host, const char *service, const struct addrinfo *hints, struct addrinfo **res);
#define EAI_NONAME 8
int waitpid(int pid, int *status, int options);

#endif
