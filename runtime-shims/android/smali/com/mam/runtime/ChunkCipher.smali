# The encrypted file format's header and chunk sealing (AES-256-GCM, 128-bit tags); README.md has the grammar.
#   header = "MAMENC" | u16be version=1 | u32be chunkSize | u32be reserved=0            (16 bytes)
#   chunk  = nonce (12 bytes: 8 random | u32be chunk index) | ciphertext | tag (16 bytes)
#   AAD    = header | u32be chunk index | u8 final (1 on the last chunk, else 0)
.class public final Lcom/mam/runtime/ChunkCipher;
.super Ljava/lang/Object;

.field public static final MAGIC:Ljava/lang/String; = "MAMENC"
.field public static final VERSION:I = 0x1
.field public static final HEADER_SIZE:I = 0x10
.field public static final NONCE_SIZE:I = 0xc
.field public static final TAG_SIZE:I = 0x10
.field public static final OVERHEAD:I = 0x1c
.field public static final MAX_CHUNK:I = 0x1000000
.field private static final sRandom:Ljava/security/SecureRandom;

.method static constructor <clinit>()V
    .locals 1
    new-instance v0, Ljava/security/SecureRandom;
    invoke-direct {v0}, Ljava/security/SecureRandom;-><init>()V
    sput-object v0, Lcom/mam/runtime/ChunkCipher;->sRandom:Ljava/security/SecureRandom;
    return-void
.end method

# static byte[] newHeader(int chunkSize): MAGIC, version 1, chunkSize, reserved 0.
.method public static newHeader(I)[B
    .locals 3
    const/16 v0, 0x10
    invoke-static {v0}, Ljava/nio/ByteBuffer;->allocate(I)Ljava/nio/ByteBuffer;
    move-result-object v0
    sget-object v1, Lcom/mam/runtime/ChunkCipher;->MAGIC:Ljava/lang/String;
    invoke-virtual {v1}, Ljava/lang/String;->getBytes()[B
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/nio/ByteBuffer;->put([B)Ljava/nio/ByteBuffer;
    const/4 v1, 0x1
    invoke-virtual {v0, v1}, Ljava/nio/ByteBuffer;->putShort(S)Ljava/nio/ByteBuffer;
    invoke-virtual {v0, p0}, Ljava/nio/ByteBuffer;->putInt(I)Ljava/nio/ByteBuffer;
    const/4 v1, 0x0
    invoke-virtual {v0, v1}, Ljava/nio/ByteBuffer;->putInt(I)Ljava/nio/ByteBuffer;
    invoke-virtual {v0}, Ljava/nio/ByteBuffer;->array()[B
    move-result-object v0
    return-object v0
.end method

# static int chunkSizeOf(byte[] header) throws IOException: -1 when the 16 bytes do not start with MAGIC
# (a plaintext file); the chunk size when they are a version-1 header; IOException for another version
# or a chunk size outside 1..MAX_CHUNK.
.method public static chunkSizeOf([B)I
    .locals 4
    new-instance v0, Ljava/lang/String;
    const/4 v1, 0x0
    const/4 v2, 0x6
    invoke-direct {v0, p0, v1, v2}, Ljava/lang/String;-><init>([BII)V
    sget-object v1, Lcom/mam/runtime/ChunkCipher;->MAGIC:Ljava/lang/String;
    invoke-virtual {v1, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :magic
    const/4 v0, -0x1
    return v0
    :magic
    invoke-static {p0}, Ljava/nio/ByteBuffer;->wrap([B)Ljava/nio/ByteBuffer;
    move-result-object v0
    const/4 v1, 0x6
    invoke-virtual {v0, v1}, Ljava/nio/ByteBuffer;->getShort(I)S
    move-result v1
    const/4 v2, 0x1
    if-ne v1, v2, :bad
    const/16 v1, 0x8
    invoke-virtual {v0, v1}, Ljava/nio/ByteBuffer;->getInt(I)I
    move-result v1
    if-lt v1, v2, :bad
    const/high16 v3, 0x1000000
    if-gt v1, v3, :bad
    return v1
    :bad
    new-instance v0, Ljava/io/IOException;
    const-string v1, "unsupported encrypted file header (version or chunk size)"
    invoke-direct {v0, v1}, Ljava/io/IOException;-><init>(Ljava/lang/String;)V
    throw v0
.end method

# static byte[] aad(byte[] header, int index, boolean last): header | u32be index | u8 (last ? 1 : 0)
.method static aad([BIZ)[B
    .locals 2
    array-length v0, p0
    add-int/lit8 v0, v0, 0x5
    invoke-static {v0}, Ljava/nio/ByteBuffer;->allocate(I)Ljava/nio/ByteBuffer;
    move-result-object v0
    invoke-virtual {v0, p0}, Ljava/nio/ByteBuffer;->put([B)Ljava/nio/ByteBuffer;
    invoke-virtual {v0, p1}, Ljava/nio/ByteBuffer;->putInt(I)Ljava/nio/ByteBuffer;
    int-to-byte v1, p2
    invoke-virtual {v0, v1}, Ljava/nio/ByteBuffer;->put(B)Ljava/nio/ByteBuffer;
    invoke-virtual {v0}, Ljava/nio/ByteBuffer;->array()[B
    move-result-object v0
    return-object v0
.end method

# static Cipher cipher(int mode, SecretKey key, byte[] nonce, byte[] aad):
#   Cipher c = Cipher.getInstance("AES/GCM/NoPadding"); c.init(mode, key, new GCMParameterSpec(128, nonce, 0, 12)); c.updateAAD(aad);
.method static cipher(ILjavax/crypto/SecretKey;[B[B)Ljavax/crypto/Cipher;
    .locals 5
    const-string v0, "AES/GCM/NoPadding"
    invoke-static {v0}, Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v0
    new-instance v1, Ljavax/crypto/spec/GCMParameterSpec;
    const/16 v2, 0x80
    const/4 v3, 0x0
    const/16 v4, 0xc
    invoke-direct {v1, v2, p2, v3, v4}, Ljavax/crypto/spec/GCMParameterSpec;-><init>(I[BII)V
    invoke-virtual {v0, p0, p1, v1}, Ljavax/crypto/Cipher;->init(ILjava/security/Key;Ljava/security/spec/AlgorithmParameterSpec;)V
    invoke-virtual {v0, p3}, Ljavax/crypto/Cipher;->updateAAD([B)V
    return-object v0
.end method

# static byte[] seal(SecretKey key, byte[] header, int index, boolean last, byte[] plain, int off, int len):
#   nonce = 8 random bytes | u32be index; returns nonce | AES-GCM(plain[off, off+len)) | tag.
.method public static seal(Ljavax/crypto/SecretKey;[BIZ[BII)[B
    .locals 7
    const/16 v0, 0xc
    invoke-static {v0}, Ljava/nio/ByteBuffer;->allocate(I)Ljava/nio/ByteBuffer;
    move-result-object v0
    const/16 v1, 0x8
    new-array v1, v1, [B
    sget-object v2, Lcom/mam/runtime/ChunkCipher;->sRandom:Ljava/security/SecureRandom;
    invoke-virtual {v2, v1}, Ljava/security/SecureRandom;->nextBytes([B)V
    invoke-virtual {v0, v1}, Ljava/nio/ByteBuffer;->put([B)Ljava/nio/ByteBuffer;
    invoke-virtual {v0, p2}, Ljava/nio/ByteBuffer;->putInt(I)Ljava/nio/ByteBuffer;
    invoke-virtual {v0}, Ljava/nio/ByteBuffer;->array()[B
    move-result-object v0
    invoke-static {p1, p2, p3}, Lcom/mam/runtime/ChunkCipher;->aad([BIZ)[B
    move-result-object v1
    const/4 v2, 0x1
    invoke-static {v2, p0, v0, v1}, Lcom/mam/runtime/ChunkCipher;->cipher(ILjavax/crypto/SecretKey;[B[B)Ljavax/crypto/Cipher;
    move-result-object v1
    invoke-virtual {v1, p4, p5, p6}, Ljavax/crypto/Cipher;->doFinal([BII)[B
    move-result-object v1
    array-length v2, v1
    add-int/lit8 v2, v2, 0xc
    new-array v2, v2, [B
    const/4 v3, 0x0
    const/16 v4, 0xc
    invoke-static {v0, v3, v2, v3, v4}, Ljava/lang/System;->arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V
    array-length v5, v1
    invoke-static {v1, v3, v2, v4, v5}, Ljava/lang/System;->arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V
    return-object v2
.end method

# static byte[] open(SecretKey key, byte[] header, int index, boolean last, byte[] stored) throws IOException:
#   the plaintext of a sealed chunk; IOException when it is shorter than nonce + tag or fails authentication
#   (tampered, reordered, truncated or from another file's header).
.method public static open(Ljavax/crypto/SecretKey;[BIZ[B)[B
    .locals 5
    array-length v0, p4
    const/16 v1, 0x1c
    if-lt v0, v1, :too_short
    :try_start
    invoke-static {p1, p2, p3}, Lcom/mam/runtime/ChunkCipher;->aad([BIZ)[B
    move-result-object v0
    const/4 v1, 0x2
    invoke-static {v1, p0, p4, v0}, Lcom/mam/runtime/ChunkCipher;->cipher(ILjavax/crypto/SecretKey;[B[B)Ljavax/crypto/Cipher;
    move-result-object v0
    const/16 v1, 0xc
    array-length v2, p4
    add-int/lit8 v2, v2, -0xc
    invoke-virtual {v0, p4, v1, v2}, Ljavax/crypto/Cipher;->doFinal([BII)[B
    move-result-object v0
    :try_end
    .catch Ljava/security/GeneralSecurityException; {:try_start .. :try_end} :forged
    return-object v0
    :forged
    move-exception v3
    new-instance v0, Ljava/io/IOException;
    const-string v1, "encrypted chunk failed authentication: "
    invoke-static {p2}, Ljava/lang/String;->valueOf(I)Ljava/lang/String;
    move-result-object v2
    invoke-static {v1, v2}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-direct {v0, v1, v3}, Ljava/io/IOException;-><init>(Ljava/lang/String;Ljava/lang/Throwable;)V
    throw v0
    :too_short
    new-instance v0, Ljava/io/IOException;
    const-string v1, "encrypted chunk is shorter than its nonce and tag"
    invoke-direct {v0, v1}, Ljava/io/IOException;-><init>(Ljava/lang/String;)V
    throw v0
.end method
