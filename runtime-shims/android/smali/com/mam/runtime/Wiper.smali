# The "wipe" action: deletes everything inside the app's data directories (symbolic links are removed,
# never followed).
.class public final Lcom/mam/runtime/Wiper;
.super Ljava/lang/Object;

# static void wipe(Context ctx) { for (String d : FileHooks.dataDirs(ctx)) deleteChildren(new File(d)); }
.method public static wipe(Landroid/content/Context;)V
    .locals 5
    invoke-static {p0}, Lcom/mam/runtime/FileHooks;->dataDirs(Landroid/content/Context;)[Ljava/lang/String;
    move-result-object v0
    const/4 v1, 0x0
    array-length v2, v0
    :loop
    if-ge v1, v2, :done
    new-instance v3, Ljava/io/File;
    aget-object v4, v0, v1
    invoke-direct {v3, v4}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    invoke-static {v3}, Lcom/mam/runtime/Wiper;->deleteChildren(Ljava/io/File;)V
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    return-void
.end method

# static void deleteChildren(File dir) { File[] c = dir.listFiles(); if (c != null) for (File f : c) deleteTree(f); }
.method static deleteChildren(Ljava/io/File;)V
    .locals 4
    invoke-virtual {p0}, Ljava/io/File;->listFiles()[Ljava/io/File;
    move-result-object v0
    if-eqz v0, :done
    const/4 v1, 0x0
    array-length v2, v0
    :loop
    if-ge v1, v2, :done
    aget-object v3, v0, v1
    invoke-static {v3}, Lcom/mam/runtime/Wiper;->deleteTree(Ljava/io/File;)V
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    return-void
.end method

# static void deleteTree(File f) { if (f.isDirectory() && !isSymlink(f)) deleteChildren(f); f.delete(); }
.method static deleteTree(Ljava/io/File;)V
    .locals 1
    invoke-virtual {p0}, Ljava/io/File;->isDirectory()Z
    move-result v0
    if-eqz v0, :delete
    invoke-static {p0}, Lcom/mam/runtime/Wiper;->isSymlink(Ljava/io/File;)Z
    move-result v0
    if-nez v0, :delete
    invoke-static {p0}, Lcom/mam/runtime/Wiper;->deleteChildren(Ljava/io/File;)V
    :delete
    invoke-virtual {p0}, Ljava/io/File;->delete()Z
    return-void
.end method

# static boolean isSymlink(File f): f's canonical path differs from its path under its canonical parent
# (java.nio.file.Files.isSymbolicLink is API 26). Undecidable counts as a link: never follow it.
.method static isSymlink(Ljava/io/File;)Z
    .locals 3
    :try_start
    new-instance v0, Ljava/io/File;
    invoke-virtual {p0}, Ljava/io/File;->getAbsoluteFile()Ljava/io/File;
    move-result-object v1
    invoke-virtual {v1}, Ljava/io/File;->getParentFile()Ljava/io/File;
    move-result-object v1
    invoke-virtual {v1}, Ljava/io/File;->getCanonicalFile()Ljava/io/File;
    move-result-object v1
    invoke-virtual {p0}, Ljava/io/File;->getName()Ljava/lang/String;
    move-result-object v2
    invoke-direct {v0, v1, v2}, Ljava/io/File;-><init>(Ljava/io/File;Ljava/lang/String;)V
    invoke-virtual {v0}, Ljava/io/File;->getCanonicalFile()Ljava/io/File;
    move-result-object v1
    invoke-virtual {v1, v0}, Ljava/io/File;->equals(Ljava/lang/Object;)Z
    move-result v1
    :try_end
    .catch Ljava/io/IOException; {:try_start .. :try_end} :failed
    if-nez v1, :plain
    const/4 v0, 0x1
    return v0
    :plain
    const/4 v0, 0x0
    return v0
    :failed
    const/4 v0, 0x1
    return v0
.end method
