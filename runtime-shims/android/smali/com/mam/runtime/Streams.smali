# Stream helpers for the shim's own I/O (never rewritten, so these are the real framework streams).
.class public final Lcom/mam/runtime/Streams;
.super Ljava/lang/Object;

# static byte[] readAllAndClose(InputStream in): every byte until EOF; in is closed even on failure.
.method public static readAllAndClose(Ljava/io/InputStream;)[B
    .locals 4
    new-instance v0, Ljava/io/ByteArrayOutputStream;
    invoke-direct {v0}, Ljava/io/ByteArrayOutputStream;-><init>()V
    const/16 v1, 0x1000
    new-array v1, v1, [B
    :try_start
    :loop
    invoke-virtual {p0, v1}, Ljava/io/InputStream;->read([B)I
    move-result v2
    if-ltz v2, :eof
    const/4 v3, 0x0
    invoke-virtual {v0, v1, v3, v2}, Ljava/io/ByteArrayOutputStream;->write([BII)V
    goto :loop
    :eof
    :try_end
    .catchall {:try_start .. :try_end} :failed
    invoke-virtual {p0}, Ljava/io/InputStream;->close()V
    invoke-virtual {v0}, Ljava/io/ByteArrayOutputStream;->toByteArray()[B
    move-result-object v0
    return-object v0
    :failed
    move-exception v0
    invoke-virtual {p0}, Ljava/io/InputStream;->close()V
    throw v0
.end method

# static byte[] readFile(File f) { return readAllAndClose(new FileInputStream(f)); }
.method public static readFile(Ljava/io/File;)[B
    .locals 1
    new-instance v0, Ljava/io/FileInputStream;
    invoke-direct {v0, p0}, Ljava/io/FileInputStream;-><init>(Ljava/io/File;)V
    invoke-static {v0}, Lcom/mam/runtime/Streams;->readAllAndClose(Ljava/io/InputStream;)[B
    move-result-object v0
    return-object v0
.end method

# static String readText(File f): the file as UTF-8 text, or "" when it cannot be read.
.method public static readText(Ljava/io/File;)Ljava/lang/String;
    .locals 2
    :try_start
    invoke-static {p0}, Lcom/mam/runtime/Streams;->readFile(Ljava/io/File;)[B
    move-result-object v0
    new-instance v1, Ljava/lang/String;
    invoke-direct {v1, v0}, Ljava/lang/String;-><init>([B)V
    :try_end
    .catch Ljava/io/IOException; {:try_start .. :try_end} :failed
    return-object v1
    :failed
    const-string v0, ""
    return-object v0
.end method
