# The data-encryption key (AES-256 for GCM), by platform level:
#   API 23+    an Android Keystore AES key (KeystoreAesKey, alias ALIAS): the key never leaves the Keystore;
#   API 21-22  the Keystore has no symmetric keys, so a random AES key is kept wrapped (RSA) by a Keystore
#              RSA key pair (WrappedDataKey): the wrapping key never leaves the Keystore, the AES key is
#              in app memory while in use.
# A wrapped key written before an OS upgrade to API 23+ keeps being used, so files stay readable.
.class public final Lcom/mam/runtime/DataKey;
.super Ljava/lang/Object;

.field public static final ALIAS:Ljava/lang/String; = "mam-data-key"
.field public static final PROVIDER:Ljava/lang/String; = "AndroidKeyStore"
.field private static sKey:Ljavax/crypto/SecretKey;

# static synchronized SecretKey get() throws IOException:
#   if (sKey == null) { try { sKey = load(); } catch (IOException e) { throw e; }
#                       catch (Exception e) { throw new IOException("data encryption key unavailable", e); } }
#   return sKey;
.method public static declared-synchronized get()Ljavax/crypto/SecretKey;
    .locals 3
    sget-object v0, Lcom/mam/runtime/DataKey;->sKey:Ljavax/crypto/SecretKey;
    if-nez v0, :done
    :try_start
    invoke-static {}, Lcom/mam/runtime/DataKey;->load()Ljavax/crypto/SecretKey;
    move-result-object v0
    :try_end
    .catch Ljava/io/IOException; {:try_start .. :try_end} :rethrow
    .catch Ljava/lang/Exception; {:try_start .. :try_end} :wrap
    sput-object v0, Lcom/mam/runtime/DataKey;->sKey:Ljavax/crypto/SecretKey;
    :done
    return-object v0
    :rethrow
    move-exception v0
    throw v0
    :wrap
    move-exception v0
    new-instance v1, Ljava/io/IOException;
    const-string v2, "data encryption key unavailable"
    invoke-direct {v1, v2, v0}, Ljava/io/IOException;-><init>(Ljava/lang/String;Ljava/lang/Throwable;)V
    throw v1
.end method

# static SecretKey load() throws Exception:
#   KeyStore ks = KeyStore.getInstance(PROVIDER); ks.load(null);
#   Key k = ks.getKey(ALIAS, null); if (k instanceof SecretKey) return (SecretKey) k;
#   if (WrappedDataKey.isPresent(ks)) return WrappedDataKey.unwrap(ks);
#   return Build.VERSION.SDK_INT >= 23 ? KeystoreAesKey.generate() : WrappedDataKey.create(ks);
.method static load()Ljavax/crypto/SecretKey;
    .locals 4
    sget-object v0, Lcom/mam/runtime/DataKey;->PROVIDER:Ljava/lang/String;
    invoke-static {v0}, Ljava/security/KeyStore;->getInstance(Ljava/lang/String;)Ljava/security/KeyStore;
    move-result-object v0
    const/4 v1, 0x0
    invoke-virtual {v0, v1}, Ljava/security/KeyStore;->load(Ljava/security/KeyStore$LoadStoreParameter;)V
    sget-object v2, Lcom/mam/runtime/DataKey;->ALIAS:Ljava/lang/String;
    invoke-virtual {v0, v2, v1}, Ljava/security/KeyStore;->getKey(Ljava/lang/String;[C)Ljava/security/Key;
    move-result-object v1
    instance-of v2, v1, Ljavax/crypto/SecretKey;
    if-eqz v2, :not_stored
    check-cast v1, Ljavax/crypto/SecretKey;
    return-object v1
    :not_stored
    invoke-static {v0}, Lcom/mam/runtime/WrappedDataKey;->isPresent(Ljava/security/KeyStore;)Z
    move-result v1
    if-eqz v1, :generate
    invoke-static {v0}, Lcom/mam/runtime/WrappedDataKey;->unwrap(Ljava/security/KeyStore;)Ljavax/crypto/SecretKey;
    move-result-object v0
    return-object v0
    :generate
    sget v1, Landroid/os/Build$VERSION;->SDK_INT:I
    const/16 v2, 0x17
    if-lt v1, v2, :wrapped
    invoke-static {}, Lcom/mam/runtime/KeystoreAesKey;->generate()Ljavax/crypto/SecretKey;
    move-result-object v0
    return-object v0
    :wrapped
    invoke-static {v0}, Lcom/mam/runtime/WrappedDataKey;->create(Ljava/security/KeyStore;)Ljavax/crypto/SecretKey;
    move-result-object v0
    return-object v0
.end method
