# Layout arithmetic and raw access for encrypted files: a 16-byte header, then chunks of
# (chunkSize + 28) stored bytes, the last one 28..chunkSize+28 bytes.
.class public final Lcom/mam/runtime/ChunkFile;
.super Ljava/lang/Object;

# static byte[] readHeader(File f) throws IOException: the file's first 16 bytes when they are an
# encrypted-file header, null when the file is shorter or does not start with the magic (plaintext).
.method public static readHeader(Ljava/io/File;)[B
    .locals 4
    invoke-virtual {p0}, Ljava/io/File;->length()J
    move-result-wide v0
    const-wide/16 v2, 0x10
    cmp-long v0, v0, v2
    if-ltz v0, :plain
    const/16 v0, 0x10
    new-array v0, v0, [B
    new-instance v1, Ljava/io/DataInputStream;
    new-instance v2, Ljava/io/FileInputStream;
    invoke-direct {v2, p0}, Ljava/io/FileInputStream;-><init>(Ljava/io/File;)V
    invoke-direct {v1, v2}, Ljava/io/DataInputStream;-><init>(Ljava/io/InputStream;)V
    :try_start
    invoke-virtual {v1, v0}, Ljava/io/DataInputStream;->readFully([B)V
    :try_end
    .catchall {:try_start .. :try_end} :failed
    invoke-virtual {v1}, Ljava/io/DataInputStream;->close()V
    invoke-static {v0}, Lcom/mam/runtime/ChunkCipher;->chunkSizeOf([B)I
    move-result v1
    if-ltz v1, :plain
    return-object v0
    :plain
    const/4 v0, 0x0
    return-object v0
    :failed
    move-exception v0
    invoke-virtual {v1}, Ljava/io/DataInputStream;->close()V
    throw v0
.end method

# static int chunkCount(long fileLength, int chunkSize) throws IOException:
#   body = fileLength - 16; stored = chunkSize + 28; count = ceil(body / stored);
#   IOException when body < 28 or the last chunk (body - (count-1)*stored) is shorter than 28 (truncated).
.method public static chunkCount(JI)I
    .locals 8
    const-wide/16 v0, 0x10
    sub-long v0, p0, v0
    int-to-long v2, p2
    const-wide/16 v4, 0x1c
    add-long/2addr v2, v4
    cmp-long v6, v0, v4
    if-ltz v6, :truncated
    add-long v6, v0, v2
    const-wide/16 v4, 0x1
    sub-long/2addr v6, v4
    div-long/2addr v6, v2
    sub-long v4, v6, v4
    mul-long/2addr v4, v2
    sub-long v4, v0, v4
    const-wide/16 v0, 0x1c
    cmp-long v0, v4, v0
    if-ltz v0, :truncated
    long-to-int v0, v6
    return v0
    :truncated
    new-instance v0, Ljava/io/IOException;
    const-string v1, "encrypted file is truncated"
    invoke-direct {v0, v1}, Ljava/io/IOException;-><init>(Ljava/lang/String;)V
    throw v0
.end method

# static long chunkStart(int index, int chunkSize) { return 16 + (long) index * (chunkSize + 28); }
.method public static chunkStart(II)J
    .locals 4
    int-to-long v0, p0
    add-int/lit8 v2, p1, 0x1c
    int-to-long v2, v2
    mul-long/2addr v0, v2
    const-wide/16 v2, 0x10
    add-long/2addr v0, v2
    return-wide v0
.end method

# static byte[] takeTail(File f, SecretKey key, byte[] header) throws IOException: decrypts the final
# chunk, truncates the file just before it and returns its plaintext (an append continues from there).
.method public static takeTail(Ljava/io/File;Ljavax/crypto/SecretKey;[B)[B
    .locals 9
    invoke-static {p2}, Lcom/mam/runtime/ChunkCipher;->chunkSizeOf([B)I
    move-result v0
    invoke-virtual {p0}, Ljava/io/File;->length()J
    move-result-wide v1
    invoke-static {v1, v2, v0}, Lcom/mam/runtime/ChunkFile;->chunkCount(JI)I
    move-result v3
    add-int/lit8 v3, v3, -0x1
    invoke-static {v3, v0}, Lcom/mam/runtime/ChunkFile;->chunkStart(II)J
    move-result-wide v4
    sub-long/2addr v1, v4
    long-to-int v1, v1
    new-array v1, v1, [B
    new-instance v6, Ljava/io/RandomAccessFile;
    const-string v7, "rw"
    invoke-direct {v6, p0, v7}, Ljava/io/RandomAccessFile;-><init>(Ljava/io/File;Ljava/lang/String;)V
    :try_start
    invoke-virtual {v6, v4, v5}, Ljava/io/RandomAccessFile;->seek(J)V
    invoke-virtual {v6, v1}, Ljava/io/RandomAccessFile;->readFully([B)V
    const/4 v7, 0x1
    invoke-static {p1, p2, v3, v7, v1}, Lcom/mam/runtime/ChunkCipher;->open(Ljavax/crypto/SecretKey;[BIZ[B)[B
    move-result-object v8
    invoke-virtual {v6, v4, v5}, Ljava/io/RandomAccessFile;->setLength(J)V
    :try_end
    .catchall {:try_start .. :try_end} :failed
    invoke-virtual {v6}, Ljava/io/RandomAccessFile;->close()V
    return-object v8
    :failed
    move-exception v0
    invoke-virtual {v6}, Ljava/io/RandomAccessFile;->close()V
    throw v0
.end method
