# A FileInputStream (so the call site's type still holds) that reads the encrypted format: chunks are
# read and authenticated one at a time; a tampered, reordered or truncated file fails with an IOException.
.class public final Lcom/mam/runtime/EncryptedInputStream;
.super Ljava/io/FileInputStream;

.field private final key:Ljavax/crypto/SecretKey;
.field private final header:[B
.field private final chunkSize:I
.field private final count:I
.field private final lastSize:I
.field private index:I
.field private plain:[B
.field private pos:I

# EncryptedInputStream(File f, SecretKey key, byte[] header) throws IOException:
#   super(f); count = ChunkFile.chunkCount(f.length(), chunkSize); lastSize = f.length() - chunkStart(count - 1);
#   skips the header.
.method constructor <init>(Ljava/io/File;Ljavax/crypto/SecretKey;[B)V
    .locals 5
    invoke-direct {p0, p1}, Ljava/io/FileInputStream;-><init>(Ljava/io/File;)V
    iput-object p2, p0, Lcom/mam/runtime/EncryptedInputStream;->key:Ljavax/crypto/SecretKey;
    iput-object p3, p0, Lcom/mam/runtime/EncryptedInputStream;->header:[B
    invoke-static {p3}, Lcom/mam/runtime/ChunkCipher;->chunkSizeOf([B)I
    move-result v0
    iput v0, p0, Lcom/mam/runtime/EncryptedInputStream;->chunkSize:I
    invoke-virtual {p1}, Ljava/io/File;->length()J
    move-result-wide v1
    invoke-static {v1, v2, v0}, Lcom/mam/runtime/ChunkFile;->chunkCount(JI)I
    move-result v3
    iput v3, p0, Lcom/mam/runtime/EncryptedInputStream;->count:I
    add-int/lit8 v3, v3, -0x1
    invoke-static {v3, v0}, Lcom/mam/runtime/ChunkFile;->chunkStart(II)J
    move-result-wide v3
    sub-long/2addr v1, v3
    long-to-int v1, v1
    iput v1, p0, Lcom/mam/runtime/EncryptedInputStream;->lastSize:I
    const/4 v0, 0x0
    new-array v0, v0, [B
    iput-object v0, p0, Lcom/mam/runtime/EncryptedInputStream;->plain:[B
    const/16 v0, 0x10
    new-array v0, v0, [B
    invoke-direct {p0, v0}, Lcom/mam/runtime/EncryptedInputStream;->readRaw([B)V
    return-void
.end method

# static FileInputStream open(File f) throws IOException: a plaintext FileInputStream for a file without
# the header (written before wrapping), otherwise an EncryptedInputStream.
.method public static open(Ljava/io/File;)Ljava/io/FileInputStream;
    .locals 3
    invoke-static {p0}, Lcom/mam/runtime/ChunkFile;->readHeader(Ljava/io/File;)[B
    move-result-object v0
    if-nez v0, :encrypted
    new-instance v0, Ljava/io/FileInputStream;
    invoke-direct {v0, p0}, Ljava/io/FileInputStream;-><init>(Ljava/io/File;)V
    return-object v0
    :encrypted
    invoke-static {}, Lcom/mam/runtime/DataKey;->get()Ljavax/crypto/SecretKey;
    move-result-object v1
    new-instance v2, Lcom/mam/runtime/EncryptedInputStream;
    invoke-direct {v2, p0, v1, v0}, Lcom/mam/runtime/EncryptedInputStream;-><init>(Ljava/io/File;Ljavax/crypto/SecretKey;[B)V
    return-object v2
.end method

# private void readRaw(byte[] b) throws IOException: fills b from the file with super.read (raw bytes);
# EOFException when the file ends first.
.method private readRaw([B)V
    .locals 3
    const/4 v0, 0x0
    :loop
    array-length v1, p1
    if-lt v0, v1, :more
    return-void
    :more
    sub-int/2addr v1, v0
    invoke-super {p0, p1, v0, v1}, Ljava/io/FileInputStream;->read([BII)I
    move-result v2
    if-ltz v2, :eof
    add-int/2addr v0, v2
    goto :loop
    :eof
    new-instance v0, Ljava/io/EOFException;
    const-string v1, "encrypted file is truncated"
    invoke-direct {v0, v1}, Ljava/io/EOFException;-><init>(Ljava/lang/String;)V
    throw v0
.end method

# private boolean fill(): loads chunks until plaintext is available; false at the end of the file.
.method private fill()Z
    .locals 3
    :loop
    iget v0, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    iget-object v1, p0, Lcom/mam/runtime/EncryptedInputStream;->plain:[B
    array-length v1, v1
    if-lt v0, v1, :ready
    iget v0, p0, Lcom/mam/runtime/EncryptedInputStream;->index:I
    iget v1, p0, Lcom/mam/runtime/EncryptedInputStream;->count:I
    if-eq v0, v1, :end
    invoke-direct {p0}, Lcom/mam/runtime/EncryptedInputStream;->load()V
    goto :loop
    :ready
    const/4 v0, 0x1
    return v0
    :end
    const/4 v0, 0x0
    return v0
.end method

# private void load(): reads chunk `index` (the last one is lastSize bytes), authenticates and decrypts it.
.method private load()V
    .locals 7
    iget v2, p0, Lcom/mam/runtime/EncryptedInputStream;->index:I
    iget v0, p0, Lcom/mam/runtime/EncryptedInputStream;->count:I
    add-int/lit8 v0, v0, -0x1
    const/4 v3, 0x0
    iget v4, p0, Lcom/mam/runtime/EncryptedInputStream;->chunkSize:I
    add-int/lit8 v4, v4, 0x1c
    if-ne v2, v0, :sized
    const/4 v3, 0x1
    iget v4, p0, Lcom/mam/runtime/EncryptedInputStream;->lastSize:I
    :sized
    new-array v4, v4, [B
    invoke-direct {p0, v4}, Lcom/mam/runtime/EncryptedInputStream;->readRaw([B)V
    iget-object v0, p0, Lcom/mam/runtime/EncryptedInputStream;->key:Ljavax/crypto/SecretKey;
    iget-object v1, p0, Lcom/mam/runtime/EncryptedInputStream;->header:[B
    invoke-static {v0, v1, v2, v3, v4}, Lcom/mam/runtime/ChunkCipher;->open(Ljavax/crypto/SecretKey;[BIZ[B)[B
    move-result-object v0
    iput-object v0, p0, Lcom/mam/runtime/EncryptedInputStream;->plain:[B
    const/4 v0, 0x0
    iput v0, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    add-int/lit8 v2, v2, 0x1
    iput v2, p0, Lcom/mam/runtime/EncryptedInputStream;->index:I
    return-void
.end method

# public int read() { if (!fill()) return -1; return plain[pos++] & 0xff; }
.method public read()I
    .locals 3
    invoke-direct {p0}, Lcom/mam/runtime/EncryptedInputStream;->fill()Z
    move-result v0
    if-nez v0, :have
    const/4 v0, -0x1
    return v0
    :have
    iget-object v0, p0, Lcom/mam/runtime/EncryptedInputStream;->plain:[B
    iget v1, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    aget-byte v2, v0, v1
    add-int/lit8 v1, v1, 0x1
    iput v1, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    and-int/lit16 v2, v2, 0xff
    return v2
.end method

# public int read(byte[] b) { return read(b, 0, b.length); }
.method public read([B)I
    .locals 2
    const/4 v0, 0x0
    array-length v1, p1
    invoke-virtual {p0, p1, v0, v1}, Lcom/mam/runtime/EncryptedInputStream;->read([BII)I
    move-result v0
    return v0
.end method

# public int read(byte[] b, int off, int len):
#   if (len == 0) return 0; if (!fill()) return -1; n = min(len, plain.length - pos);
#   System.arraycopy(plain, pos, b, off, n); pos += n; return n;
.method public read([BII)I
    .locals 4
    if-nez p3, :wanted
    const/4 v0, 0x0
    return v0
    :wanted
    invoke-direct {p0}, Lcom/mam/runtime/EncryptedInputStream;->fill()Z
    move-result v0
    if-nez v0, :have
    const/4 v0, -0x1
    return v0
    :have
    iget-object v0, p0, Lcom/mam/runtime/EncryptedInputStream;->plain:[B
    iget v1, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    array-length v2, v0
    sub-int/2addr v2, v1
    invoke-static {p3, v2}, Ljava/lang/Math;->min(II)I
    move-result v3
    invoke-static {v0, v1, p1, p2, v3}, Ljava/lang/System;->arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V
    add-int/2addr v1, v3
    iput v1, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    return v3
.end method

# public int available() { return plain.length - pos; }  (decrypted bytes buffered)
.method public available()I
    .locals 2
    iget-object v0, p0, Lcom/mam/runtime/EncryptedInputStream;->plain:[B
    array-length v0, v0
    iget v1, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    sub-int/2addr v0, v1
    return v0
.end method

# public long skip(long n): skips up to n plaintext bytes (chunks are still authenticated); returns the count.
.method public skip(J)J
    .locals 6
    const-wide/16 v0, 0x0
    :loop
    cmp-long v2, v0, p1
    if-gez v2, :done
    invoke-direct {p0}, Lcom/mam/runtime/EncryptedInputStream;->fill()Z
    move-result v2
    if-eqz v2, :done
    invoke-virtual {p0}, Lcom/mam/runtime/EncryptedInputStream;->available()I
    move-result v2
    int-to-long v2, v2
    sub-long v4, p1, v0
    invoke-static {v2, v3, v4, v5}, Ljava/lang/Math;->min(JJ)J
    move-result-wide v2
    add-long/2addr v0, v2
    iget v4, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    long-to-int v2, v2
    add-int/2addr v4, v2
    iput v4, p0, Lcom/mam/runtime/EncryptedInputStream;->pos:I
    goto :loop
    :done
    return-wide v0
.end method
