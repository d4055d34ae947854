# Encryption-at-rest hooks: static factories that replace the FileOutputStream / FileInputStream
# constructors at rewritten call sites. Files inside the app's data directories are encrypted
# (EncryptedOutputStream / EncryptedInputStream, format in README.md) when the policy asks for it;
# other files pass through. Without a verified policy, app data is locked (fail closed).
.class public final Lcom/mam/runtime/FileHooks;
.super Ljava/lang/Object;

.field public static sChunkSize:I = 0x10000

# static FileOutputStream newFileOutputStream(File f) { return newFileOutputStream(f, false); }
.method public static newFileOutputStream(Ljava/io/File;)Ljava/io/FileOutputStream;
    .locals 1
    const/4 v0, 0x0
    invoke-static {p0, v0}, Lcom/mam/runtime/FileHooks;->newFileOutputStream(Ljava/io/File;Z)Ljava/io/FileOutputStream;
    move-result-object v0
    return-object v0
.end method

# static FileOutputStream newFileOutputStream(File f, boolean append):
#   encrypts(f) ? EncryptedOutputStream.open(f, append) : new FileOutputStream(f, append)
.method public static newFileOutputStream(Ljava/io/File;Z)Ljava/io/FileOutputStream;
    .locals 1
    invoke-static {p0}, Lcom/mam/runtime/FileHooks;->encrypts(Ljava/io/File;)Z
    move-result v0
    if-eqz v0, :plain
    invoke-static {p0, p1}, Lcom/mam/runtime/EncryptedOutputStream;->open(Ljava/io/File;Z)Lcom/mam/runtime/EncryptedOutputStream;
    move-result-object v0
    return-object v0
    :plain
    new-instance v0, Ljava/io/FileOutputStream;
    invoke-direct {v0, p0, p1}, Ljava/io/FileOutputStream;-><init>(Ljava/io/File;Z)V
    return-object v0
.end method

# static FileOutputStream newFileOutputStream(String path) { return newFileOutputStream(new File(path), false); }
.method public static newFileOutputStream(Ljava/lang/String;)Ljava/io/FileOutputStream;
    .locals 1
    const/4 v0, 0x0
    invoke-static {p0, v0}, Lcom/mam/runtime/FileHooks;->newFileOutputStream(Ljava/lang/String;Z)Ljava/io/FileOutputStream;
    move-result-object v0
    return-object v0
.end method

# static FileOutputStream newFileOutputStream(String path, boolean append) { return newFileOutputStream(new File(path), append); }
.method public static newFileOutputStream(Ljava/lang/String;Z)Ljava/io/FileOutputStream;
    .locals 1
    new-instance v0, Ljava/io/File;
    invoke-direct {v0, p0}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    invoke-static {v0, p1}, Lcom/mam/runtime/FileHooks;->newFileOutputStream(Ljava/io/File;Z)Ljava/io/FileOutputStream;
    move-result-object v0
    return-object v0
.end method

# static FileInputStream newFileInputStream(File f): encrypts(f) ? EncryptedInputStream.open(f) : new FileInputStream(f)
.method public static newFileInputStream(Ljava/io/File;)Ljava/io/FileInputStream;
    .locals 1
    invoke-static {p0}, Lcom/mam/runtime/FileHooks;->encrypts(Ljava/io/File;)Z
    move-result v0
    if-eqz v0, :plain
    invoke-static {p0}, Lcom/mam/runtime/EncryptedInputStream;->open(Ljava/io/File;)Ljava/io/FileInputStream;
    move-result-object v0
    return-object v0
    :plain
    new-instance v0, Ljava/io/FileInputStream;
    invoke-direct {v0, p0}, Ljava/io/FileInputStream;-><init>(Ljava/io/File;)V
    return-object v0
.end method

# static FileInputStream newFileInputStream(String path) { return newFileInputStream(new File(path)); }
.method public static newFileInputStream(Ljava/lang/String;)Ljava/io/FileInputStream;
    .locals 1
    new-instance v0, Ljava/io/File;
    invoke-direct {v0, p0}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    invoke-static {v0}, Lcom/mam/runtime/FileHooks;->newFileInputStream(Ljava/io/File;)Ljava/io/FileInputStream;
    move-result-object v0
    return-object v0
.end method

# static boolean encrypts(File f) throws IOException:
#   Context c = Enforcer.sContext; if (c == null || !isInsideAppData(f.getCanonicalPath(), dataDirs(c))) return false;
#   if (Enforcer.sPolicy == null) throw new FileNotFoundException("..."); return Enforcer.sPolicy.encrypt;
.method public static encrypts(Ljava/io/File;)Z
    .locals 2
    sget-object v0, Lcom/mam/runtime/Enforcer;->sContext:Landroid/content/Context;
    if-eqz v0, :no
    invoke-static {v0}, Lcom/mam/runtime/FileHooks;->dataDirs(Landroid/content/Context;)[Ljava/lang/String;
    move-result-object v0
    invoke-virtual {p0}, Ljava/io/File;->getCanonicalPath()Ljava/lang/String;
    move-result-object v1
    invoke-static {v1, v0}, Lcom/mam/runtime/FileHooks;->isInsideAppData(Ljava/lang/String;[Ljava/lang/String;)Z
    move-result v0
    if-eqz v0, :no
    sget-object v0, Lcom/mam/runtime/Enforcer;->sPolicy:Lcom/mam/runtime/Policy;
    if-eqz v0, :locked
    iget-boolean v0, v0, Lcom/mam/runtime/Policy;->encrypt:Z
    return v0
    :locked
    new-instance v0, Ljava/io/FileNotFoundException;
    const-string v1, "app data is locked: no verified policy"
    invoke-direct {v0, v1}, Ljava/io/FileNotFoundException;-><init>(Ljava/lang/String;)V
    throw v0
    :no
    const/4 v0, 0x0
    return v0
.end method

# static boolean isInsideAppData(String path, String[] dataDirs): path is one of dataDirs or below one
# (a '/' boundary: "/data/x2" is not inside "/data/x").
.method public static isInsideAppData(Ljava/lang/String;[Ljava/lang/String;)Z
    .locals 5
    const/4 v0, 0x0
    array-length v1, p1
    :loop
    if-ge v0, v1, :no
    aget-object v2, p1, v0
    invoke-virtual {p0, v2}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v3
    if-nez v3, :yes
    const-string v3, "/"
    invoke-virtual {v2, v3}, Ljava/lang/String;->endsWith(Ljava/lang/String;)Z
    move-result v4
    if-nez v4, :prefix_ready
    invoke-static {v2, v3}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v2
    :prefix_ready
    invoke-virtual {p0, v2}, Ljava/lang/String;->startsWith(Ljava/lang/String;)Z
    move-result v3
    if-nez v3, :yes
    add-int/lit8 v0, v0, 0x1
    goto :loop
    :yes
    const/4 v0, 0x1
    return v0
    :no
    const/4 v0, 0x0
    return v0
.end method

# static String[] dataDirs(Context ctx): canonical paths of ctx.getApplicationInfo().dataDir and of the
# parent of ctx.getExternalFilesDir(null) (the app's external data directory), when known.
.method public static dataDirs(Landroid/content/Context;)[Ljava/lang/String;
    .locals 3
    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    invoke-virtual {p0}, Landroid/content/Context;->getApplicationInfo()Landroid/content/pm/ApplicationInfo;
    move-result-object v1
    iget-object v1, v1, Landroid/content/pm/ApplicationInfo;->dataDir:Ljava/lang/String;
    invoke-static {v0, v1}, Lcom/mam/runtime/FileHooks;->addCanonical(Ljava/util/List;Ljava/lang/String;)V
    const/4 v1, 0x0
    invoke-virtual {p0, v1}, Landroid/content/Context;->getExternalFilesDir(Ljava/lang/String;)Ljava/io/File;
    move-result-object v1
    if-eqz v1, :done
    invoke-virtual {v1}, Ljava/io/File;->getParent()Ljava/lang/String;
    move-result-object v1
    invoke-static {v0, v1}, Lcom/mam/runtime/FileHooks;->addCanonical(Ljava/util/List;Ljava/lang/String;)V
    :done
    invoke-static {v0}, Lcom/mam/runtime/Texts;->toArray(Ljava/util/List;)[Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# static void addCanonical(List out, String path) { if (path != null) out.add(canonical path, or the path itself when that fails); }
.method static addCanonical(Ljava/util/List;Ljava/lang/String;)V
    .locals 1
    if-eqz p1, :done
    :try_start
    new-instance v0, Ljava/io/File;
    invoke-direct {v0, p1}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    invoke-virtual {v0}, Ljava/io/File;->getCanonicalPath()Ljava/lang/String;
    move-result-object p1
    :try_end
    .catch Ljava/io/IOException; {:try_start .. :try_end} :add
    :add
    invoke-interface {p0, p1}, Ljava/util/List;->add(Ljava/lang/Object;)Z
    :done
    return-void
.end method
