# The data-encryption key on API 23+: AES-256 for GCM, generated inside and never leaving the Android
# Keystore (alias DataKey.ALIAS). Caller-chosen nonces need setRandomizedEncryptionRequired(false).
# KeyGenParameterSpec and the Keystore's KeyGenerator.AES are API 23; DataKey calls this class only there.
.class public final Lcom/mam/runtime/KeystoreAesKey;
.super Ljava/lang/Object;

# static SecretKey generate(): KeyGenerator.getInstance("AES", DataKey.PROVIDER) initialised with
#   new KeyGenParameterSpec.Builder(DataKey.ALIAS, PURPOSE_ENCRYPT | PURPOSE_DECRYPT).setBlockModes("GCM")
#     .setEncryptionPaddings("NoPadding").setKeySize(256).setRandomizedEncryptionRequired(false).build()
.method public static generate()Ljavax/crypto/SecretKey;
    .locals 5
    new-instance v0, Landroid/security/keystore/KeyGenParameterSpec$Builder;
    sget-object v1, Lcom/mam/runtime/DataKey;->ALIAS:Ljava/lang/String;
    const/4 v2, 0x3
    invoke-direct {v0, v1, v2}, Landroid/security/keystore/KeyGenParameterSpec$Builder;-><init>(Ljava/lang/String;I)V
    const/4 v1, 0x1
    new-array v1, v1, [Ljava/lang/String;
    const/4 v2, 0x0
    const-string v3, "GCM"
    aput-object v3, v1, v2
    invoke-virtual {v0, v1}, Landroid/security/keystore/KeyGenParameterSpec$Builder;->setBlockModes([Ljava/lang/String;)Landroid/security/keystore/KeyGenParameterSpec$Builder;
    const/4 v1, 0x1
    new-array v1, v1, [Ljava/lang/String;
    const-string v3, "NoPadding"
    aput-object v3, v1, v2
    invoke-virtual {v0, v1}, Landroid/security/keystore/KeyGenParameterSpec$Builder;->setEncryptionPaddings([Ljava/lang/String;)Landroid/security/keystore/KeyGenParameterSpec$Builder;
    const/16 v1, 0x100
    invoke-virtual {v0, v1}, Landroid/security/keystore/KeyGenParameterSpec$Builder;->setKeySize(I)Landroid/security/keystore/KeyGenParameterSpec$Builder;
    invoke-virtual {v0, v2}, Landroid/security/keystore/KeyGenParameterSpec$Builder;->setRandomizedEncryptionRequired(Z)Landroid/security/keystore/KeyGenParameterSpec$Builder;
    invoke-virtual {v0}, Landroid/security/keystore/KeyGenParameterSpec$Builder;->build()Landroid/security/keystore/KeyGenParameterSpec;
    move-result-object v0
    const-string v3, "AES"
    sget-object v4, Lcom/mam/runtime/DataKey;->PROVIDER:Ljava/lang/String;
    invoke-static {v3, v4}, Ljavax/crypto/KeyGenerator;->getInstance(Ljava/lang/String;Ljava/lang/String;)Ljavax/crypto/KeyGenerator;
    move-result-object v1
    invoke-virtual {v1, v0}, Ljavax/crypto/KeyGenerator;->init(Ljava/security/spec/AlgorithmParameterSpec;)V
    invoke-virtual {v1}, Ljavax/crypto/KeyGenerator;->generateKey()Ljavax/crypto/SecretKey;
    move-result-object v0
    return-object v0
.end method
