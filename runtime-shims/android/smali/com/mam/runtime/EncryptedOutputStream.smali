# A FileOutputStream (so the call site's type still holds) that writes the encrypted format: plaintext
# is buffered into chunks; a full chunk is sealed once more data follows it, the last one on close().
# flush() does not seal a partial chunk: data reaches the file in whole chunks and at close().
.class public final Lcom/mam/runtime/EncryptedOutputStream;
.super Ljava/io/FileOutputStream;

.field private final key:Ljavax/crypto/SecretKey;
.field private final header:[B
.field private final buf:[B
.field private fill:I
.field private index:I
.field private closed:Z

# EncryptedOutputStream(File f, boolean append, SecretKey key, byte[] header):
#   super(f, append); buf = new byte[chunkSizeOf(header)]; if (!append) writeRaw(header);
.method constructor <init>(Ljava/io/File;ZLjavax/crypto/SecretKey;[B)V
    .locals 2
    invoke-direct {p0, p1, p2}, Ljava/io/FileOutputStream;-><init>(Ljava/io/File;Z)V
    iput-object p3, p0, Lcom/mam/runtime/EncryptedOutputStream;->key:Ljavax/crypto/SecretKey;
    iput-object p4, p0, Lcom/mam/runtime/EncryptedOutputStream;->header:[B
    invoke-static {p4}, Lcom/mam/runtime/ChunkCipher;->chunkSizeOf([B)I
    move-result v0
    new-array v0, v0, [B
    iput-object v0, p0, Lcom/mam/runtime/EncryptedOutputStream;->buf:[B
    if-nez p2, :done
    invoke-direct {p0, p4}, Lcom/mam/runtime/EncryptedOutputStream;->writeRaw([B)V
    :done
    return-void
.end method

# static EncryptedOutputStream open(File f, boolean append) throws IOException:
#   appending to a non-empty encrypted file re-opens its final chunk (takeTail) and continues it;
#   appending to a plaintext file (written before wrapping) rewrites it encrypted; otherwise a new file.
.method public static open(Ljava/io/File;Z)Lcom/mam/runtime/EncryptedOutputStream;
    .locals 6
    invoke-static {}, Lcom/mam/runtime/DataKey;->get()Ljavax/crypto/SecretKey;
    move-result-object v0
    if-eqz p1, :fresh
    invoke-virtual {p0}, Ljava/io/File;->length()J
    move-result-wide v1
    const-wide/16 v3, 0x0
    cmp-long v1, v1, v3
    if-gtz v1, :existing
    :fresh
    invoke-static {p0, v0}, Lcom/mam/runtime/EncryptedOutputStream;->create(Ljava/io/File;Ljavax/crypto/SecretKey;)Lcom/mam/runtime/EncryptedOutputStream;
    move-result-object v0
    return-object v0
    :existing
    invoke-static {p0}, Lcom/mam/runtime/ChunkFile;->readHeader(Ljava/io/File;)[B
    move-result-object v1
    if-nez v1, :encrypted
    invoke-static {p0}, Lcom/mam/runtime/Streams;->readFile(Ljava/io/File;)[B
    move-result-object v2
    invoke-static {p0, v0}, Lcom/mam/runtime/EncryptedOutputStream;->create(Ljava/io/File;Ljavax/crypto/SecretKey;)Lcom/mam/runtime/EncryptedOutputStream;
    move-result-object v0
    invoke-virtual {v0, v2}, Lcom/mam/runtime/EncryptedOutputStream;->write([B)V
    return-object v0
    :encrypted
    invoke-virtual {p0}, Ljava/io/File;->length()J
    move-result-wide v2
    invoke-static {v1}, Lcom/mam/runtime/ChunkCipher;->chunkSizeOf([B)I
    move-result v4
    invoke-static {v2, v3, v4}, Lcom/mam/runtime/ChunkFile;->chunkCount(JI)I
    move-result v2
    add-int/lit8 v2, v2, -0x1
    invoke-static {p0, v0, v1}, Lcom/mam/runtime/ChunkFile;->takeTail(Ljava/io/File;Ljavax/crypto/SecretKey;[B)[B
    move-result-object v3
    new-instance v5, Lcom/mam/runtime/EncryptedOutputStream;
    const/4 v4, 0x1
    invoke-direct {v5, p0, v4, v0, v1}, Lcom/mam/runtime/EncryptedOutputStream;-><init>(Ljava/io/File;ZLjavax/crypto/SecretKey;[B)V
    iput v2, v5, Lcom/mam/runtime/EncryptedOutputStream;->index:I
    invoke-virtual {v5, v3}, Lcom/mam/runtime/EncryptedOutputStream;->write([B)V
    return-object v5
.end method

# static EncryptedOutputStream create(File f, SecretKey key): a new encrypted file (truncating f) with
# chunks of FileHooks.sChunkSize bytes.
.method static create(Ljava/io/File;Ljavax/crypto/SecretKey;)Lcom/mam/runtime/EncryptedOutputStream;
    .locals 3
    sget v0, Lcom/mam/runtime/FileHooks;->sChunkSize:I
    invoke-static {v0}, Lcom/mam/runtime/ChunkCipher;->newHeader(I)[B
    move-result-object v0
    new-instance v1, Lcom/mam/runtime/EncryptedOutputStream;
    const/4 v2, 0x0
    invoke-direct {v1, p0, v2, p1, v0}, Lcom/mam/runtime/EncryptedOutputStream;-><init>(Ljava/io/File;ZLjavax/crypto/SecretKey;[B)V
    return-object v1
.end method

# private void writeRaw(byte[] b) { super.write(b, 0, b.length); }   (never our own write: that encrypts)
.method private writeRaw([B)V
    .locals 2
    const/4 v0, 0x0
    array-length v1, p1
    invoke-super {p0, p1, v0, v1}, Ljava/io/FileOutputStream;->write([BII)V
    return-void
.end method

# public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }
.method public write(I)V
    .locals 3
    const/4 v0, 0x1
    new-array v0, v0, [B
    int-to-byte v1, p1
    const/4 v2, 0x0
    aput-byte v1, v0, v2
    const/4 v1, 0x1
    invoke-virtual {p0, v0, v2, v1}, Lcom/mam/runtime/EncryptedOutputStream;->write([BII)V
    return-void
.end method

# public void write(byte[] b) { write(b, 0, b.length); }
.method public write([B)V
    .locals 2
    const/4 v0, 0x0
    array-length v1, p1
    invoke-virtual {p0, p1, v0, v1}, Lcom/mam/runtime/EncryptedOutputStream;->write([BII)V
    return-void
.end method

# public void write(byte[] b, int off, int len):
#   if (closed) throw new IOException("stream closed");
#   while (len > 0) { if (fill == buf.length) seal(false); n = min(len, buf.length - fill);
#                     System.arraycopy(b, off, buf, fill, n); fill += n; off += n; len -= n; }
.method public write([BII)V
    .locals 4
    iget-boolean v0, p0, Lcom/mam/runtime/EncryptedOutputStream;->closed:Z
    if-eqz v0, :loop
    new-instance v0, Ljava/io/IOException;
    const-string v1, "stream closed"
    invoke-direct {v0, v1}, Ljava/io/IOException;-><init>(Ljava/lang/String;)V
    throw v0
    :loop
    if-gtz p3, :more
    return-void
    :more
    iget-object v0, p0, Lcom/mam/runtime/EncryptedOutputStream;->buf:[B
    array-length v1, v0
    iget v2, p0, Lcom/mam/runtime/EncryptedOutputStream;->fill:I
    if-ne v2, v1, :room
    const/4 v3, 0x0
    invoke-direct {p0, v3}, Lcom/mam/runtime/EncryptedOutputStream;->seal(Z)V
    const/4 v2, 0x0
    :room
    sub-int/2addr v1, v2
    invoke-static {p3, v1}, Ljava/lang/Math;->min(II)I
    move-result v3
    invoke-static {p1, p2, v0, v2, v3}, Ljava/lang/System;->arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V
    add-int/2addr v2, v3
    iput v2, p0, Lcom/mam/runtime/EncryptedOutputStream;->fill:I
    add-int/2addr p2, v3
    sub-int/2addr p3, v3
    goto :loop
.end method

# private void seal(boolean last): writes buf[0, fill) as chunk `index` and starts the next one.
.method private seal(Z)V
    .locals 8
    iget-object v0, p0, Lcom/mam/runtime/EncryptedOutputStream;->key:Ljavax/crypto/SecretKey;
    iget-object v1, p0, Lcom/mam/runtime/EncryptedOutputStream;->header:[B
    iget v2, p0, Lcom/mam/runtime/EncryptedOutputStream;->index:I
    move v3, p1
    iget-object v4, p0, Lcom/mam/runtime/EncryptedOutputStream;->buf:[B
    const/4 v5, 0x0
    iget v6, p0, Lcom/mam/runtime/EncryptedOutputStream;->fill:I
    invoke-static/range {v0 .. v6}, Lcom/mam/runtime/ChunkCipher;->seal(Ljavax/crypto/SecretKey;[BIZ[BII)[B
    move-result-object v0
    invoke-direct {p0, v0}, Lcom/mam/runtime/EncryptedOutputStream;->writeRaw([B)V
    add-int/lit8 v2, v2, 0x1
    iput v2, p0, Lcom/mam/runtime/EncryptedOutputStream;->index:I
    const/4 v0, 0x0
    iput v0, p0, Lcom/mam/runtime/EncryptedOutputStream;->fill:I
    return-void
.end method

# public void close(): seals the final chunk (once), then closes the file even if sealing failed.
.method public close()V
    .locals 1
    iget-boolean v0, p0, Lcom/mam/runtime/EncryptedOutputStream;->closed:Z
    if-eqz v0, :open
    return-void
    :open
    const/4 v0, 0x1
    iput-boolean v0, p0, Lcom/mam/runtime/EncryptedOutputStream;->closed:Z
    :try_start
    invoke-direct {p0, v0}, Lcom/mam/runtime/EncryptedOutputStream;->seal(Z)V
    :try_end
    .catchall {:try_start .. :try_end} :failed
    invoke-super {p0}, Ljava/io/FileOutputStream;->close()V
    return-void
    :failed
    move-exception v0
    invoke-super {p0}, Ljava/io/FileOutputStream;->close()V
    throw v0
.end method
