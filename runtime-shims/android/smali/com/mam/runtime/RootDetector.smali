# Compromised-device policy: collects root and instrumentation signals, decides the action with the
# platform-free decide()/filter(), and applies it (warn: notice; block: blocking screen; wipe: delete
# the app's data directories, then block). Probed paths are prefixed with sFsRoot ("" on a device).
.class public final Lcom/mam/runtime/RootDetector;
.super Ljava/lang/Object;

.field public static sFsRoot:Ljava/lang/String; = ""
.field public static sFridaPort:I = 0x69a2
.field public static sLastSignals:[Ljava/lang/String;

.field public static final SU_PATHS:Ljava/lang/String; = "/system/bin/su,/system/xbin/su,/sbin/su,/su/bin/su,/system/sd/xbin/su,/system/bin/failsafe/su,/data/local/su,/data/local/bin/su,/data/local/xbin/su,/vendor/bin/su,/system/app/Superuser.apk"
.field public static final MAGISK_PATHS:Ljava/lang/String; = "/sbin/.magisk,/data/adb/magisk,/data/adb/magisk.db,/cache/.disable_magisk,/dev/.magisk.unblock,/data/adb/modules"
.field public static final SUPERSU_PATHS:Ljava/lang/String; = "/system/xbin/daemonsu,/system/app/SuperSU.apk,/system/app/SuperSU,/system/etc/init.d/99SuperSUDaemon,/su/bin/daemonsu"
.field public static final KERNELSU_PATHS:Ljava/lang/String; = "/data/adb/ksu,/data/adb/ksud"
.field public static final INSTRUMENTATION:Ljava/lang/String; = "instrumentation:"

# static void enforce(Context ctx, Policy p):
#   if ("allow".equals(p.rootAction)) return;
#   String[] s = filter(collect(), p.detectInstrumentation); sLastSignals = s; apply(ctx, decide(s, p.rootAction), s);
.method public static enforce(Landroid/content/Context;Lcom/mam/runtime/Policy;)V
    .locals 3
    iget-object v0, p1, Lcom/mam/runtime/Policy;->rootAction:Ljava/lang/String;
    const-string v1, "allow"
    invoke-virtual {v1, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v1
    if-nez v1, :done
    invoke-static {}, Lcom/mam/runtime/RootDetector;->collect()[Ljava/lang/String;
    move-result-object v1
    iget-boolean v2, p1, Lcom/mam/runtime/Policy;->detectInstrumentation:Z
    invoke-static {v1, v2}, Lcom/mam/runtime/RootDetector;->filter([Ljava/lang/String;Z)[Ljava/lang/String;
    move-result-object v1
    sput-object v1, Lcom/mam/runtime/RootDetector;->sLastSignals:[Ljava/lang/String;
    invoke-static {v1, v0}, Lcom/mam/runtime/RootDetector;->decide([Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    invoke-static {p0, v0, v1}, Lcom/mam/runtime/RootDetector;->apply(Landroid/content/Context;Ljava/lang/String;[Ljava/lang/String;)V
    :done
    return-void
.end method

# static String decide(String[] signals, String action): "allow" when there is no signal; otherwise the
# policy's action if it is warn/block/wipe/allow, and "block" for anything else (fail closed).
.method public static decide([Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    .locals 2
    array-length v0, p0
    if-nez v0, :signalled
    const-string v0, "allow"
    return-object v0
    :signalled
    const-string v0, "allow,warn,block,wipe"
    const-string v1, ","
    invoke-virtual {v0, v1}, Ljava/lang/String;->split(Ljava/lang/String;)[Ljava/lang/String;
    move-result-object v0
    invoke-static {v0, p1}, Lcom/mam/runtime/Texts;->contains([Ljava/lang/String;Ljava/lang/String;)Z
    move-result v0
    if-eqz v0, :unknown
    return-object p1
    :unknown
    const-string v0, "block"
    return-object v0
.end method

# static String[] filter(String[] signals, boolean detectInstrumentation): drops the "instrumentation:"
# signals when instrumentation detection is off.
.method public static filter([Ljava/lang/String;Z)[Ljava/lang/String;
    .locals 6
    if-eqz p1, :drop
    return-object p0
    :drop
    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    sget-object v1, Lcom/mam/runtime/RootDetector;->INSTRUMENTATION:Ljava/lang/String;
    const/4 v2, 0x0
    array-length v3, p0
    :loop
    if-ge v2, v3, :done
    aget-object v4, p0, v2
    invoke-virtual {v4, v1}, Ljava/lang/String;->startsWith(Ljava/lang/String;)Z
    move-result v5
    if-nez v5, :next
    invoke-virtual {v0, v4}, Ljava/util/ArrayList;->add(Ljava/lang/Object;)Z
    :next
    add-int/lit8 v2, v2, 0x1
    goto :loop
    :done
    invoke-static {v0}, Lcom/mam/runtime/Texts;->toArray(Ljava/util/List;)[Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# static void apply(Context ctx, String decision, String[] signals):
#   warn -> Notice.show("compromised device: " + join(signals));
#   wipe -> Wiper.wipe(ctx) then as block; block -> BlockingScreen.block("compromised device: " + join(signals), true)
.method static apply(Landroid/content/Context;Ljava/lang/String;[Ljava/lang/String;)V
    .locals 3
    const-string v0, "compromised device: "
    invoke-static {p2}, Lcom/mam/runtime/Texts;->join([Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v0, v1}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    const-string v1, "warn"
    invoke-virtual {v1, p1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v1
    if-eqz v1, :not_warn
    invoke-static {v0}, Lcom/mam/runtime/Notice;->show(Ljava/lang/String;)V
    return-void
    :not_warn
    const-string v1, "wipe"
    invoke-virtual {v1, p1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v1
    if-eqz v1, :not_wipe
    invoke-static {p0}, Lcom/mam/runtime/Wiper;->wipe(Landroid/content/Context;)V
    goto :block
    :not_wipe
    const-string v1, "block"
    invoke-virtual {v1, p1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v1
    if-eqz v1, :done
    :block
    const/4 v2, 0x1
    invoke-static {v0, v2}, Lcom/mam/runtime/BlockingScreen;->block(Ljava/lang/String;Z)V
    :done
    return-void
.end method

# static String[] collect(): every signal present on this device, e.g. "su:/system/xbin/su", "test-keys",
# "ro.debuggable=1", "system-writable", "instrumentation:frida-port".
.method public static collect()[Ljava/lang/String;
    .locals 3
    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    const-string v1, "su"
    sget-object v2, Lcom/mam/runtime/RootDetector;->SU_PATHS:Ljava/lang/String;
    invoke-static {v0, v1, v2}, Lcom/mam/runtime/RootDetector;->probePaths(Ljava/util/List;Ljava/lang/String;Ljava/lang/String;)V
    const-string v1, "magisk"
    sget-object v2, Lcom/mam/runtime/RootDetector;->MAGISK_PATHS:Ljava/lang/String;
    invoke-static {v0, v1, v2}, Lcom/mam/runtime/RootDetector;->probePaths(Ljava/util/List;Ljava/lang/String;Ljava/lang/String;)V
    const-string v1, "supersu"
    sget-object v2, Lcom/mam/runtime/RootDetector;->SUPERSU_PATHS:Ljava/lang/String;
    invoke-static {v0, v1, v2}, Lcom/mam/runtime/RootDetector;->probePaths(Ljava/util/List;Ljava/lang/String;Ljava/lang/String;)V
    const-string v1, "kernelsu"
    sget-object v2, Lcom/mam/runtime/RootDetector;->KERNELSU_PATHS:Ljava/lang/String;
    invoke-static {v0, v1, v2}, Lcom/mam/runtime/RootDetector;->probePaths(Ljava/util/List;Ljava/lang/String;Ljava/lang/String;)V
    invoke-static {v0}, Lcom/mam/runtime/RootDetector;->probeBuild(Ljava/util/List;)V
    invoke-static {v0}, Lcom/mam/runtime/RootDetector;->probeMounts(Ljava/util/List;)V
    invoke-static {v0}, Lcom/mam/runtime/Instrumentation;->probe(Ljava/util/List;)V
    invoke-static {v0}, Lcom/mam/runtime/Texts;->toArray(Ljava/util/List;)[Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# static File file(String path) { return new File(sFsRoot + path); }
.method public static file(Ljava/lang/String;)Ljava/io/File;
    .locals 2
    sget-object v0, Lcom/mam/runtime/RootDetector;->sFsRoot:Ljava/lang/String;
    invoke-static {v0, p0}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    new-instance v1, Ljava/io/File;
    invoke-direct {v1, v0}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    return-object v1
.end method

# static void probePaths(List out, String label, String csvPaths): adds label + ":" + path for each path that exists.
.method static probePaths(Ljava/util/List;Ljava/lang/String;Ljava/lang/String;)V
    .locals 6
    const-string v0, ","
    invoke-virtual {p2, v0}, Ljava/lang/String;->split(Ljava/lang/String;)[Ljava/lang/String;
    move-result-object v0
    const/4 v1, 0x0
    array-length v2, v0
    :loop
    if-ge v1, v2, :done
    aget-object v3, v0, v1
    invoke-static {v3}, Lcom/mam/runtime/RootDetector;->file(Ljava/lang/String;)Ljava/io/File;
    move-result-object v4
    invoke-virtual {v4}, Ljava/io/File;->exists()Z
    move-result v4
    if-eqz v4, :next
    const-string v4, ":"
    invoke-static {p1, v4}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v4
    invoke-static {v4, v3}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v4
    invoke-interface {p0, v4}, Ljava/util/List;->add(Ljava/lang/Object;)Z
    :next
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    return-void
.end method

# static void probeBuild(List out): "test-keys" when Build.TAGS contains it; "ro.debuggable=1" and
# "ro.secure=0" from the system properties.
.method static probeBuild(Ljava/util/List;)V
    .locals 3
    sget-object v0, Landroid/os/Build;->TAGS:Ljava/lang/String;
    if-eqz v0, :props
    const-string v1, "test-keys"
    invoke-virtual {v0, v1}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v0
    if-eqz v0, :props
    invoke-interface {p0, v1}, Ljava/util/List;->add(Ljava/lang/Object;)Z
    :props
    const-string v0, "ro.debuggable"
    invoke-static {v0}, Lcom/mam/runtime/RootDetector;->systemProperty(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    const-string v1, "1"
    invoke-virtual {v1, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-eqz v0, :secure
    const-string v0, "ro.debuggable=1"
    invoke-interface {p0, v0}, Ljava/util/List;->add(Ljava/lang/Object;)Z
    :secure
    const-string v0, "ro.secure"
    invoke-static {v0}, Lcom/mam/runtime/RootDetector;->systemProperty(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    const-string v1, "0"
    invoke-virtual {v1, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-eqz v0, :done
    const-string v0, "ro.secure=0"
    invoke-interface {p0, v0}, Ljava/util/List;->add(Ljava/lang/Object;)Z
    :done
    return-void
.end method

# static String systemProperty(String name): android.os.SystemProperties.get(name) through reflection
# (a hidden API), "" when unavailable.
.method static systemProperty(Ljava/lang/String;)Ljava/lang/String;
    .locals 5
    :try_start
    const-string v0, "android.os.SystemProperties"
    invoke-static {v0}, Ljava/lang/Class;->forName(Ljava/lang/String;)Ljava/lang/Class;
    move-result-object v0
    const/4 v1, 0x1
    new-array v1, v1, [Ljava/lang/Class;
    const-class v2, Ljava/lang/String;
    const/4 v3, 0x0
    aput-object v2, v1, v3
    const-string v2, "get"
    invoke-virtual {v0, v2, v1}, Ljava/lang/Class;->getMethod(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;
    move-result-object v0
    const/4 v1, 0x1
    new-array v1, v1, [Ljava/lang/Object;
    aput-object p0, v1, v3
    const/4 v4, 0x0
    invoke-virtual {v0, v4, v1}, Ljava/lang/reflect/Method;->invoke(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Ljava/lang/String;
    :try_end
    .catch Ljava/lang/Exception; {:try_start .. :try_end} :failed
    return-object v0
    :failed
    const-string v0, ""
    return-object v0
.end method

# static void probeMounts(List out): "system-writable" when /proc/mounts shows /system (or a non-rootfs /)
# mounted rw; "magisk:mounts" when a mount mentions magisk.
.method static probeMounts(Ljava/util/List;)V
    .locals 2
    const-string v0, "/proc/mounts"
    invoke-static {v0}, Lcom/mam/runtime/RootDetector;->file(Ljava/lang/String;)Ljava/io/File;
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/Streams;->readText(Ljava/io/File;)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/RootDetector;->isSystemWritable(Ljava/lang/String;)Z
    move-result v1
    if-eqz v1, :magisk
    const-string v1, "system-writable"
    invoke-interface {p0, v1}, Ljava/util/List;->add(Ljava/lang/Object;)Z
    :magisk
    const-string v1, "magisk"
    invoke-virtual {v0, v1}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v0
    if-eqz v0, :done
    const-string v1, "magisk:mounts"
    invoke-interface {p0, v1}, Ljava/util/List;->add(Ljava/lang/Object;)Z
    :done
    return-void
.end method

# static boolean isSystemWritable(String procMounts): some line "<dev> <mountpoint> <type> <options> ..."
# has mountpoint /system, or / with a type other than rootfs, and "rw" among its options.
.method public static isSystemWritable(Ljava/lang/String;)Z
    .locals 6
    const-string v0, "\n"
    invoke-virtual {p0, v0}, Ljava/lang/String;->split(Ljava/lang/String;)[Ljava/lang/String;
    move-result-object v0
    const/4 v1, 0x0
    array-length v2, v0
    :loop
    if-ge v1, v2, :no
    aget-object v3, v0, v1
    invoke-static {v3}, Lcom/mam/runtime/RootDetector;->isWritableSystemLine(Ljava/lang/String;)Z
    move-result v3
    if-eqz v3, :next
    const/4 v0, 0x1
    return v0
    :next
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :no
    const/4 v0, 0x0
    return v0
.end method

# static boolean isWritableSystemLine(String line): see isSystemWritable.
.method static isWritableSystemLine(Ljava/lang/String;)Z
    .locals 5
    invoke-virtual {p0}, Ljava/lang/String;->trim()Ljava/lang/String;
    move-result-object v0
    const-string v1, "\\s+"
    invoke-virtual {v0, v1}, Ljava/lang/String;->split(Ljava/lang/String;)[Ljava/lang/String;
    move-result-object v0
    array-length v1, v0
    const/4 v2, 0x4
    if-lt v1, v2, :no
    const/4 v1, 0x1
    aget-object v1, v0, v1
    const/4 v2, 0x2
    aget-object v2, v0, v2
    const-string v3, "/system"
    invoke-virtual {v3, v1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v3
    if-nez v3, :system
    const-string v3, "/"
    invoke-virtual {v3, v1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v3
    if-eqz v3, :no
    const-string v3, "rootfs"
    invoke-virtual {v3, v2}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v3
    if-nez v3, :no
    :system
    const/4 v1, 0x3
    aget-object v1, v0, v1
    const-string v2, ","
    invoke-virtual {v1, v2}, Ljava/lang/String;->split(Ljava/lang/String;)[Ljava/lang/String;
    move-result-object v1
    const-string v2, "rw"
    invoke-static {v1, v2}, Lcom/mam/runtime/Texts;->contains([Ljava/lang/String;Ljava/lang/String;)Z
    move-result v1
    return v1
    :no
    const/4 v0, 0x0
    return v0
.end method
