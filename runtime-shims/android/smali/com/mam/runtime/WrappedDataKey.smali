# The data-encryption key on API 19-22 (below 19 encryption fails closed, Platform.unsupported), where the Android Keystore holds only asymmetric keys: a random
# AES-256 key, RSA-wrapped (RSA/ECB/PKCS1Padding, the padding the pre-23 Keystore supports) by the
# Keystore RSA-2048 key pair WRAP_ALIAS (KeyPairGeneratorSpec, API 18+), stored in
# Context.getNoBackupFilesDir() (API 21: never backed up, the pair cannot leave the device anyway; the same
# <dataDir>/no_backup below 21, Platform.noBackupDir).
# FORMAT (README "Wrapped data key"): "MAMKEY" | u16 version = 1 | u16 length | RSA ciphertext, big-endian.
.class public final Lcom/mam/runtime/WrappedDataKey;
.super Ljava/lang/Object;

.field public static final WRAP_ALIAS:Ljava/lang/String; = "mam-wrap-key"
.field public static final FILE_NAME:Ljava/lang/String; = "mam-data-key.wrapped"
.field public static final MAGIC:Ljava/lang/String; = "MAMKEY"
.field public static final TRANSFORMATION:Ljava/lang/String; = "RSA/ECB/PKCS1Padding"
.field public static final KEY_BYTES:I = 0x20

# static File file() throws IOException: new File(Platform.noBackupDir(Enforcer.sContext), FILE_NAME);
# IOException without a context (a process the provider did not start).
.method public static file()Ljava/io/File;
    .locals 3
    sget-object v0, Lcom/mam/runtime/Enforcer;->sContext:Landroid/content/Context;
    if-eqz v0, :no_context
    invoke-static {v0}, Lcom/mam/runtime/Platform;->noBackupDir(Landroid/content/Context;)Ljava/io/File;
    move-result-object v0
    new-instance v1, Ljava/io/File;
    sget-object v2, Lcom/mam/runtime/WrappedDataKey;->FILE_NAME:Ljava/lang/String;
    invoke-direct {v1, v0, v2}, Ljava/io/File;-><init>(Ljava/io/File;Ljava/lang/String;)V
    return-object v1
    :no_context
    new-instance v0, Ljava/io/IOException;
    const-string v1, "no application context for the wrapped data key"
    invoke-direct {v0, v1}, Ljava/io/IOException;-><init>(Ljava/lang/String;)V
    throw v0
.end method

# static boolean isPresent(KeyStore ks): file().exists() && ks.containsAlias(WRAP_ALIAS)
.method public static isPresent(Ljava/security/KeyStore;)Z
    .locals 2
    invoke-static {}, Lcom/mam/runtime/WrappedDataKey;->file()Ljava/io/File;
    move-result-object v0
    invoke-virtual {v0}, Ljava/io/File;->exists()Z
    move-result v0
    if-eqz v0, :done
    sget-object v1, Lcom/mam/runtime/WrappedDataKey;->WRAP_ALIAS:Ljava/lang/String;
    invoke-virtual {p0, v1}, Ljava/security/KeyStore;->containsAlias(Ljava/lang/String;)Z
    move-result v0
    :done
    return v0
.end method

# static SecretKey unwrap(KeyStore ks):
#   Cipher c = Cipher.getInstance(TRANSFORMATION); c.init(DECRYPT_MODE, ks.getKey(WRAP_ALIAS, null));
#   return aesKey(c.doFinal(parse(Streams.readFile(file()))));
.method public static unwrap(Ljava/security/KeyStore;)Ljavax/crypto/SecretKey;
    .locals 4
    invoke-static {}, Lcom/mam/runtime/WrappedDataKey;->file()Ljava/io/File;
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/Streams;->readFile(Ljava/io/File;)[B
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/WrappedDataKey;->parse([B)[B
    move-result-object v0
    sget-object v1, Lcom/mam/runtime/WrappedDataKey;->TRANSFORMATION:Ljava/lang/String;
    invoke-static {v1}, Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v1
    sget-object v2, Lcom/mam/runtime/WrappedDataKey;->WRAP_ALIAS:Ljava/lang/String;
    const/4 v3, 0x0
    invoke-virtual {p0, v2, v3}, Ljava/security/KeyStore;->getKey(Ljava/lang/String;[C)Ljava/security/Key;
    move-result-object v2
    const/4 v3, 0x2
    invoke-virtual {v1, v3, v2}, Ljavax/crypto/Cipher;->init(ILjava/security/Key;)V
    invoke-virtual {v1, v0}, Ljavax/crypto/Cipher;->doFinal([B)[B
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/WrappedDataKey;->aesKey([B)Ljavax/crypto/SecretKey;
    move-result-object v0
    return-object v0
.end method

# static SecretKey create(KeyStore ks):
#   if (!ks.containsAlias(WRAP_ALIAS)) generatePair();
#   byte[] raw = new byte[KEY_BYTES]; new SecureRandom().nextBytes(raw);
#   Cipher c = Cipher.getInstance(TRANSFORMATION); c.init(ENCRYPT_MODE, ks.getCertificate(WRAP_ALIAS).getPublicKey());
#   store(file(), serialize(c.doFinal(raw))); return aesKey(raw);
.method public static create(Ljava/security/KeyStore;)Ljavax/crypto/SecretKey;
    .locals 4
    sget-object v0, Lcom/mam/runtime/WrappedDataKey;->WRAP_ALIAS:Ljava/lang/String;
    invoke-virtual {p0, v0}, Ljava/security/KeyStore;->containsAlias(Ljava/lang/String;)Z
    move-result v1
    if-nez v1, :have_pair
    invoke-static {}, Lcom/mam/runtime/WrappedDataKey;->generatePair()V
    :have_pair
    const/16 v1, 0x20
    new-array v1, v1, [B
    new-instance v2, Ljava/security/SecureRandom;
    invoke-direct {v2}, Ljava/security/SecureRandom;-><init>()V
    invoke-virtual {v2, v1}, Ljava/security/SecureRandom;->nextBytes([B)V
    invoke-virtual {p0, v0}, Ljava/security/KeyStore;->getCertificate(Ljava/lang/String;)Ljava/security/cert/Certificate;
    move-result-object v0
    invoke-virtual {v0}, Ljava/security/cert/Certificate;->getPublicKey()Ljava/security/PublicKey;
    move-result-object v0
    sget-object v2, Lcom/mam/runtime/WrappedDataKey;->TRANSFORMATION:Ljava/lang/String;
    invoke-static {v2}, Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v2
    const/4 v3, 0x1
    invoke-virtual {v2, v3, v0}, Ljavax/crypto/Cipher;->init(ILjava/security/Key;)V
    invoke-virtual {v2, v1}, Ljavax/crypto/Cipher;->doFinal([B)[B
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/WrappedDataKey;->serialize([B)[B
    move-result-object v0
    invoke-static {}, Lcom/mam/runtime/WrappedDataKey;->file()Ljava/io/File;
    move-result-object v2
    invoke-static {v2, v0}, Lcom/mam/runtime/WrappedDataKey;->store(Ljava/io/File;[B)V
    invoke-static {v1}, Lcom/mam/runtime/WrappedDataKey;->aesKey([B)Ljavax/crypto/SecretKey;
    move-result-object v0
    return-object v0
.end method

# static void generatePair(): KeyPairGenerator.getInstance("RSA", DataKey.PROVIDER) initialised with
#   new KeyPairGeneratorSpec.Builder(Enforcer.sContext).setAlias(WRAP_ALIAS)
#     .setSubject(new X500Principal("CN=mam-wrap-key")).setSerialNumber(BigInteger.ONE)
#     .setStartDate(new Date(0)).setEndDate(new Date(4102444799000L /* 2099-12-31T23:59:59Z */))
#     .setKeySize(2048).build(), then generateKeyPair().
# Fixed validity dates keep it deterministic. The default locale is Locale.US meanwhile and restored in a
# finally: the pre-23 Keystore formats the certificate's dates with the default locale and fails in
# locales whose digits are not ASCII (e.g. Arabic, Persian).
.method static generatePair()V
    .locals 6
    invoke-static {}, Ljava/util/Locale;->getDefault()Ljava/util/Locale;
    move-result-object v5
    sget-object v0, Ljava/util/Locale;->US:Ljava/util/Locale;
    invoke-static {v0}, Ljava/util/Locale;->setDefault(Ljava/util/Locale;)V
    :try_start
    new-instance v0, Landroid/security/KeyPairGeneratorSpec$Builder;
    sget-object v1, Lcom/mam/runtime/Enforcer;->sContext:Landroid/content/Context;
    invoke-direct {v0, v1}, Landroid/security/KeyPairGeneratorSpec$Builder;-><init>(Landroid/content/Context;)V
    sget-object v1, Lcom/mam/runtime/WrappedDataKey;->WRAP_ALIAS:Ljava/lang/String;
    invoke-virtual {v0, v1}, Landroid/security/KeyPairGeneratorSpec$Builder;->setAlias(Ljava/lang/String;)Landroid/security/KeyPairGeneratorSpec$Builder;
    move-result-object v0
    new-instance v1, Ljavax/security/auth/x500/X500Principal;
    const-string v2, "CN=mam-wrap-key"
    invoke-direct {v1, v2}, Ljavax/security/auth/x500/X500Principal;-><init>(Ljava/lang/String;)V
    invoke-virtual {v0, v1}, Landroid/security/KeyPairGeneratorSpec$Builder;->setSubject(Ljavax/security/auth/x500/X500Principal;)Landroid/security/KeyPairGeneratorSpec$Builder;
    move-result-object v0
    sget-object v1, Ljava/math/BigInteger;->ONE:Ljava/math/BigInteger;
    invoke-virtual {v0, v1}, Landroid/security/KeyPairGeneratorSpec$Builder;->setSerialNumber(Ljava/math/BigInteger;)Landroid/security/KeyPairGeneratorSpec$Builder;
    move-result-object v0
    new-instance v1, Ljava/util/Date;
    const-wide/16 v2, 0x0
    invoke-direct {v1, v2, v3}, Ljava/util/Date;-><init>(J)V
    invoke-virtual {v0, v1}, Landroid/security/KeyPairGeneratorSpec$Builder;->setStartDate(Ljava/util/Date;)Landroid/security/KeyPairGeneratorSpec$Builder;
    move-result-object v0
    new-instance v1, Ljava/util/Date;
    const-wide v2, 0x3bb2cc3d418L
    invoke-direct {v1, v2, v3}, Ljava/util/Date;-><init>(J)V
    invoke-virtual {v0, v1}, Landroid/security/KeyPairGeneratorSpec$Builder;->setEndDate(Ljava/util/Date;)Landroid/security/KeyPairGeneratorSpec$Builder;
    move-result-object v0
    const/16 v1, 0x800
    invoke-virtual {v0, v1}, Landroid/security/KeyPairGeneratorSpec$Builder;->setKeySize(I)Landroid/security/KeyPairGeneratorSpec$Builder;
    move-result-object v0
    invoke-virtual {v0}, Landroid/security/KeyPairGeneratorSpec$Builder;->build()Landroid/security/KeyPairGeneratorSpec;
    move-result-object v0
    const-string v1, "RSA"
    sget-object v2, Lcom/mam/runtime/DataKey;->PROVIDER:Ljava/lang/String;
    invoke-static {v1, v2}, Ljava/security/KeyPairGenerator;->getInstance(Ljava/lang/String;Ljava/lang/String;)Ljava/security/KeyPairGenerator;
    move-result-object v1
    invoke-virtual {v1, v0}, Ljava/security/KeyPairGenerator;->initialize(Ljava/security/spec/AlgorithmParameterSpec;)V
    invoke-virtual {v1}, Ljava/security/KeyPairGenerator;->generateKeyPair()Ljava/security/KeyPair;
    :try_end
    .catchall {:try_start .. :try_end} :failed
    invoke-static {v5}, Ljava/util/Locale;->setDefault(Ljava/util/Locale;)V
    return-void
    :failed
    move-exception v0
    invoke-static {v5}, Ljava/util/Locale;->setDefault(Ljava/util/Locale;)V
    throw v0
.end method

# static SecretKey aesKey(byte[] raw) throws IOException: new SecretKeySpec(raw, "AES") when raw is
# KEY_BYTES long, else IOException("wrapped data key: expected 32 bytes, found <n>").
.method static aesKey([B)Ljavax/crypto/SecretKey;
    .locals 3
    array-length v0, p0
    const/16 v1, 0x20
    if-ne v0, v1, :bad
    new-instance v0, Ljavax/crypto/spec/SecretKeySpec;
    const-string v1, "AES"
    invoke-direct {v0, p0, v1}, Ljavax/crypto/spec/SecretKeySpec;-><init>([BLjava/lang/String;)V
    return-object v0
    :bad
    new-instance v1, Ljava/io/IOException;
    const-string v2, "wrapped data key: expected 32 bytes, found "
    invoke-static {v0}, Ljava/lang/String;->valueOf(I)Ljava/lang/String;
    move-result-object v0
    invoke-static {v2, v0}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    invoke-direct {v1, v0}, Ljava/io/IOException;-><init>(Ljava/lang/String;)V
    throw v1
.end method

# static byte[] serialize(byte[] wrapped):
#   ByteBuffer.allocate(10 + n).put(MAGIC.getBytes()).putShort(1).putShort(n).put(wrapped).array()
.method public static serialize([B)[B
    .locals 3
    array-length v0, p0
    add-int/lit8 v1, v0, 0xa
    invoke-static {v1}, Ljava/nio/ByteBuffer;->allocate(I)Ljava/nio/ByteBuffer;
    move-result-object v1
    sget-object v2, Lcom/mam/runtime/WrappedDataKey;->MAGIC:Ljava/lang/String;
    invoke-virtual {v2}, Ljava/lang/String;->getBytes()[B
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/nio/ByteBuffer;->put([B)Ljava/nio/ByteBuffer;
    const/4 v2, 0x1
    int-to-short v2, v2
    invoke-virtual {v1, v2}, Ljava/nio/ByteBuffer;->putShort(S)Ljava/nio/ByteBuffer;
    int-to-short v2, v0
    invoke-virtual {v1, v2}, Ljava/nio/ByteBuffer;->putShort(S)Ljava/nio/ByteBuffer;
    invoke-virtual {v1, p0}, Ljava/nio/ByteBuffer;->put([B)Ljava/nio/ByteBuffer;
    invoke-virtual {v1}, Ljava/nio/ByteBuffer;->array()[B
    move-result-object v0
    return-object v0
.end method

# static byte[] parse(byte[] stored) throws IOException: the RSA ciphertext after the 10-byte header;
# IOException("wrapped data key file is damaged") unless the magic, version 1 and the length all match.
.method public static parse([B)[B
    .locals 5
    array-length v0, p0
    const/16 v1, 0xa
    if-lt v0, v1, :bad
    new-instance v1, Ljava/lang/String;
    const/4 v2, 0x0
    const/4 v3, 0x6
    invoke-direct {v1, p0, v2, v3}, Ljava/lang/String;-><init>([BII)V
    sget-object v2, Lcom/mam/runtime/WrappedDataKey;->MAGIC:Ljava/lang/String;
    invoke-virtual {v2, v1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v1
    if-eqz v1, :bad
    invoke-static {p0}, Ljava/nio/ByteBuffer;->wrap([B)Ljava/nio/ByteBuffer;
    move-result-object v1
    const/4 v2, 0x6
    invoke-virtual {v1, v2}, Ljava/nio/ByteBuffer;->getShort(I)S
    move-result v2
    const/4 v3, 0x1
    if-ne v2, v3, :bad
    const/16 v2, 0x8
    invoke-virtual {v1, v2}, Ljava/nio/ByteBuffer;->getShort(I)S
    move-result v2
    const v3, 0xffff
    and-int/2addr v2, v3
    add-int/lit8 v3, v0, -0xa
    if-ne v2, v3, :bad
    new-array v3, v2, [B
    const/16 v1, 0xa
    const/4 v4, 0x0
    invoke-static {p0, v1, v3, v4, v2}, Ljava/lang/System;->arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V
    return-object v3
    :bad
    new-instance v0, Ljava/io/IOException;
    const-string v1, "wrapped data key file is damaged"
    invoke-direct {v0, v1}, Ljava/io/IOException;-><init>(Ljava/lang/String;)V
    throw v0
.end method

# static void store(File f, byte[] bytes) throws IOException: written to f + ".tmp", synced, then renamed
# over f, so a crash never leaves a half-written key file.
#   f.getParentFile().mkdirs(); File tmp = new File(f.getPath() + ".tmp"); FileOutputStream o = new FileOutputStream(tmp);
#   try { o.write(bytes); o.getFD().sync(); } finally { o.close(); }
#   if (!tmp.renameTo(f)) throw new IOException("cannot store the wrapped data key");
.method static store(Ljava/io/File;[B)V
    .locals 3
    invoke-virtual {p0}, Ljava/io/File;->getParentFile()Ljava/io/File;
    move-result-object v0
    invoke-virtual {v0}, Ljava/io/File;->mkdirs()Z
    new-instance v0, Ljava/io/File;
    invoke-virtual {p0}, Ljava/io/File;->getPath()Ljava/lang/String;
    move-result-object v1
    const-string v2, ".tmp"
    invoke-static {v1, v2}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-direct {v0, v1}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    new-instance v1, Ljava/io/FileOutputStream;
    invoke-direct {v1, v0}, Ljava/io/FileOutputStream;-><init>(Ljava/io/File;)V
    :try_start
    invoke-virtual {v1, p1}, Ljava/io/FileOutputStream;->write([B)V
    invoke-virtual {v1}, Ljava/io/FileOutputStream;->getFD()Ljava/io/FileDescriptor;
    move-result-object v2
    invoke-virtual {v2}, Ljava/io/FileDescriptor;->sync()V
    :try_end
    .catchall {:try_start .. :try_end} :failed
    invoke-virtual {v1}, Ljava/io/FileOutputStream;->close()V
    invoke-virtual {v0, p0}, Ljava/io/File;->renameTo(Ljava/io/File;)Z
    move-result v0
    if-eqz v0, :not_renamed
    return-void
    :not_renamed
    new-instance v0, Ljava/io/IOException;
    const-string v1, "cannot store the wrapped data key"
    invoke-direct {v0, v1}, Ljava/io/IOException;-><init>(Ljava/lang/String;)V
    throw v0
    :failed
    move-exception v0
    invoke-virtual {v1}, Ljava/io/FileOutputStream;->close()V
    throw v0
.end method
