# Reads the embedded policy (APK asset assets/mam/policy.json), checks its SHA-256 against the digest in
# the manifest marker <meta-data android:name="mam.wrapper" android:value="mam <v>; policy-sha256=<hex>"/>
# and parses it. Any failure yields null and a reason in sLastError: the caller fails closed.
.class public final Lcom/mam/runtime/PolicyLoader;
.super Ljava/lang/Object;

.field public static final ASSET:Ljava/lang/String; = "mam/policy.json"
.field public static final MARKER:Ljava/lang/String; = "mam.wrapper"
.field public static final DIGEST_KEY:Ljava/lang/String; = "policy-sha256="
.field public static sLastError:Ljava/lang/String;

# static Policy load(Context ctx):
#   try { byte[] b = readAsset(ctx); String why = verify(b, readMarker(ctx));
#         if (why != null) { sLastError = why; return null; } return Policy.parse(new String(b, "UTF-8")); }
#   catch (Exception e) { sLastError = "policy unreadable: " + e; return null; }
.method public static load(Landroid/content/Context;)Lcom/mam/runtime/Policy;
    .locals 3
    :try_start
    invoke-static {p0}, Lcom/mam/runtime/PolicyLoader;->readAsset(Landroid/content/Context;)[B
    move-result-object v0
    invoke-static {p0}, Lcom/mam/runtime/PolicyLoader;->readMarker(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v0, v1}, Lcom/mam/runtime/PolicyLoader;->verify([BLjava/lang/String;)Ljava/lang/String;
    move-result-object v1
    if-nez v1, :refused
    new-instance v1, Ljava/lang/String;
    const-string v2, "UTF-8"
    invoke-direct {v1, v0, v2}, Ljava/lang/String;-><init>([BLjava/lang/String;)V
    invoke-static {v1}, Lcom/mam/runtime/Policy;->parse(Ljava/lang/String;)Lcom/mam/runtime/Policy;
    move-result-object v0
    :try_end
    .catch Ljava/lang/Exception; {:try_start .. :try_end} :failed
    return-object v0
    :refused
    sput-object v1, Lcom/mam/runtime/PolicyLoader;->sLastError:Ljava/lang/String;
    const/4 v0, 0x0
    return-object v0
    :failed
    move-exception v0
    const-string v1, "policy unreadable: "
    invoke-virtual {v0}, Ljava/lang/Object;->toString()Ljava/lang/String;
    move-result-object v0
    invoke-static {v1, v0}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    sput-object v0, Lcom/mam/runtime/PolicyLoader;->sLastError:Ljava/lang/String;
    const/4 v0, 0x0
    return-object v0
.end method

# static String verify(byte[] policy, String marker): null when the marker's digest equals the
# lowercase hex SHA-256 of policy, otherwise why not.
.method public static verify([BLjava/lang/String;)Ljava/lang/String;
    .locals 2
    if-nez p1, :have_marker
    const-string v0, "policy marker (mam.wrapper meta-data) is missing"
    return-object v0
    :have_marker
    invoke-static {p1}, Lcom/mam/runtime/PolicyLoader;->markerDigest(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    if-nez v0, :have_digest
    const-string v0, "policy marker has no policy-sha256"
    return-object v0
    :have_digest
    invoke-static {p0}, Lcom/mam/runtime/PolicyLoader;->sha256Hex([B)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :ok
    const-string v0, "policy digest does not match the manifest marker"
    return-object v0
    :ok
    const/4 v0, 0x0
    return-object v0
.end method

# static String markerDigest(String marker): the text after "policy-sha256=" up to the next ';', trimmed;
# null when the key is absent. "mam 0.1.0; policy-sha256=ab12" -> "ab12".
.method public static markerDigest(Ljava/lang/String;)Ljava/lang/String;
    .locals 3
    sget-object v0, Lcom/mam/runtime/PolicyLoader;->DIGEST_KEY:Ljava/lang/String;
    invoke-virtual {p0, v0}, Ljava/lang/String;->indexOf(Ljava/lang/String;)I
    move-result v1
    if-gez v1, :found
    const/4 v0, 0x0
    return-object v0
    :found
    invoke-virtual {v0}, Ljava/lang/String;->length()I
    move-result v0
    add-int/2addr v1, v0
    invoke-virtual {p0, v1}, Ljava/lang/String;->substring(I)Ljava/lang/String;
    move-result-object v0
    const/16 v1, 0x3b
    invoke-virtual {v0, v1}, Ljava/lang/String;->indexOf(I)I
    move-result v1
    if-ltz v1, :trim
    const/4 v2, 0x0
    invoke-virtual {v0, v2, v1}, Ljava/lang/String;->substring(II)Ljava/lang/String;
    move-result-object v0
    :trim
    invoke-virtual {v0}, Ljava/lang/String;->trim()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# static String sha256Hex(byte[] b): lowercase hex of MessageDigest.getInstance("SHA-256").digest(b).
.method public static sha256Hex([B)Ljava/lang/String;
    .locals 6
    const-string v0, "SHA-256"
    invoke-static {v0}, Ljava/security/MessageDigest;->getInstance(Ljava/lang/String;)Ljava/security/MessageDigest;
    move-result-object v0
    invoke-virtual {v0, p0}, Ljava/security/MessageDigest;->digest([B)[B
    move-result-object v0
    new-instance v1, Ljava/lang/StringBuilder;
    invoke-direct {v1}, Ljava/lang/StringBuilder;-><init>()V
    const/4 v2, 0x0
    array-length v3, v0
    :loop
    if-ge v2, v3, :done
    aget-byte v4, v0, v2
    shr-int/lit8 v5, v4, 0x4
    and-int/lit8 v5, v5, 0xf
    invoke-static {v1, v5}, Lcom/mam/runtime/PolicyLoader;->appendHexDigit(Ljava/lang/StringBuilder;I)V
    and-int/lit8 v5, v4, 0xf
    invoke-static {v1, v5}, Lcom/mam/runtime/PolicyLoader;->appendHexDigit(Ljava/lang/StringBuilder;I)V
    add-int/lit8 v2, v2, 0x1
    goto :loop
    :done
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# static void appendHexDigit(StringBuilder sb, int v) { sb.append(Character.forDigit(v, 16)); }
.method static appendHexDigit(Ljava/lang/StringBuilder;I)V
    .locals 1
    const/16 v0, 0x10
    invoke-static {p1, v0}, Ljava/lang/Character;->forDigit(II)C
    move-result v0
    invoke-virtual {p0, v0}, Ljava/lang/StringBuilder;->append(C)Ljava/lang/StringBuilder;
    return-void
.end method

# static byte[] readAsset(Context ctx): the bytes of ctx.getAssets().open(ASSET), stream closed after.
.method static readAsset(Landroid/content/Context;)[B
    .locals 2
    invoke-virtual {p0}, Landroid/content/Context;->getAssets()Landroid/content/res/AssetManager;
    move-result-object v0
    sget-object v1, Lcom/mam/runtime/PolicyLoader;->ASSET:Ljava/lang/String;
    invoke-virtual {v0, v1}, Landroid/content/res/AssetManager;->open(Ljava/lang/String;)Ljava/io/InputStream;
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/Streams;->readAllAndClose(Ljava/io/InputStream;)[B
    move-result-object v0
    return-object v0
.end method

# static String readMarker(Context ctx): getPackageManager().getApplicationInfo(getPackageName(),
# GET_META_DATA = 0x80).metaData.getString(MARKER), or null when there is no meta-data.
.method static readMarker(Landroid/content/Context;)Ljava/lang/String;
    .locals 3
    invoke-virtual {p0}, Landroid/content/Context;->getPackageManager()Landroid/content/pm/PackageManager;
    move-result-object v0
    invoke-virtual {p0}, Landroid/content/Context;->getPackageName()Ljava/lang/String;
    move-result-object v1
    const/16 v2, 0x80
    invoke-virtual {v0, v1, v2}, Landroid/content/pm/PackageManager;->getApplicationInfo(Ljava/lang/String;I)Landroid/content/pm/ApplicationInfo;
    move-result-object v0
    iget-object v0, v0, Landroid/content/pm/ApplicationInfo;->metaData:Landroid/os/Bundle;
    if-eqz v0, :none
    sget-object v1, Lcom/mam/runtime/PolicyLoader;->MARKER:Ljava/lang/String;
    invoke-virtual {v0, v1}, Landroid/os/Bundle;->getString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    return-object v0
    :none
    const/4 v0, 0x0
    return-object v0
.end method
