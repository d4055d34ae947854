# Platform levels the runtime depends on, for apps that keep a min SDK below 21 (the runtime is then merged
# into classes.dex, see README "Platform levels"):
#   ACTIVITY_CALLBACKS 14  Application.registerActivityLifecycleCallbacks: without it there is no blocking
#                          screen and no FLAG_SECURE, so below it the runtime fails closed (Enforcer.start)
#   ENCRYPTION         19  GCMParameterSpec / Cipher.updateAAD (ChunkCipher); the Android Keystore RSA pair
#                          of WrappedDataKey needs 18 (KeyPairGeneratorSpec) and setKeySize 19
#   NETWORK_CALLBACKS  21  ConnectivityManager.NetworkCallback, Network, NetworkCapabilities, LinkProperties
# The level is read from Build.VERSION.SDK (API 1); Build.VERSION.SDK_INT is API 4.
.class public final Lcom/mam/runtime/Platform;
.super Ljava/lang/Object;

.field public static final ACTIVITY_CALLBACKS:I = 0xe
.field public static final ENCRYPTION:I = 0x13
.field public static final NETWORK_CALLBACKS:I = 0x15

# static int sdk() { try { return Integer.parseInt(Build.VERSION.SDK); } catch (RuntimeException e) { return 0; } }
.method public static sdk()I
    .locals 1
    :try_start
    sget-object v0, Landroid/os/Build$VERSION;->SDK:Ljava/lang/String;
    invoke-static {v0}, Ljava/lang/Integer;->parseInt(Ljava/lang/String;)I
    move-result v0
    :try_end
    .catch Ljava/lang/RuntimeException; {:try_start .. :try_end} :unknown
    return v0
    :unknown
    const/4 v0, 0x0
    return v0
.end method

# static String unsupported(int sdk, boolean encrypt): why the runtime cannot enforce a policy at this
# level (fail closed), or null.
#   if (sdk < ACTIVITY_CALLBACKS) return "Android API " + sdk + " is too old for the policy runtime (it needs API 14)";
#   if (encrypt && sdk < ENCRYPTION) return "data encryption needs Android 4.4 (API 19); this device is API " + sdk;
#   return null;
.method public static unsupported(IZ)Ljava/lang/String;
    .locals 3
    const/16 v0, 0xe
    if-ge p0, v0, :callbacks_ok
    const-string v0, "Android API "
    invoke-static {p0}, Ljava/lang/String;->valueOf(I)Ljava/lang/String;
    move-result-object v1
    invoke-static {v0, v1}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    const-string v1, " is too old for the policy runtime (it needs API 14)"
    invoke-static {v0, v1}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    return-object v0
    :callbacks_ok
    if-eqz p1, :none
    const/16 v0, 0x13
    if-ge p0, v0, :none
    const-string v0, "data encryption needs Android 4.4 (API 19); this device is API "
    invoke-static {p0}, Ljava/lang/String;->valueOf(I)Ljava/lang/String;
    move-result-object v1
    invoke-static {v0, v1}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    return-object v0
    :none
    const/4 v0, 0x0
    return-object v0
.end method

# static File noBackupDir(Context ctx): ctx.getNoBackupFilesDir() on API 21+; below, the same directory
# (<dataDir>/no_backup, ApplicationInfo.dataDir is API 4), created, so a device upgraded to 21 finds it.
.method public static noBackupDir(Landroid/content/Context;)Ljava/io/File;
    .locals 3
    invoke-static {}, Lcom/mam/runtime/Platform;->sdk()I
    move-result v0
    const/16 v1, 0x15
    if-lt v0, v1, :legacy
    invoke-virtual {p0}, Landroid/content/Context;->getNoBackupFilesDir()Ljava/io/File;
    move-result-object v0
    return-object v0
    :legacy
    new-instance v0, Ljava/io/File;
    invoke-virtual {p0}, Landroid/content/Context;->getApplicationInfo()Landroid/content/pm/ApplicationInfo;
    move-result-object v1
    iget-object v1, v1, Landroid/content/pm/ApplicationInfo;->dataDir:Ljava/lang/String;
    const-string v2, "no_backup"
    invoke-direct {v0, v1, v2}, Ljava/io/File;-><init>(Ljava/lang/String;Ljava/lang/String;)V
    invoke-virtual {v0}, Ljava/io/File;->mkdirs()Z
    return-object v0
.end method
