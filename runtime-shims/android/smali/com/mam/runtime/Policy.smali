# The parsed policy document (docs/policy-spec-draft.md): only the fields this runtime enforces,
# with the spec's defaults for absent sections.
.class public final Lcom/mam/runtime/Policy;
.super Ljava/lang/Object;

.field public cameraBlock:Z
.field public encrypt:Z
.field public screenCaptureBlock:Z
.field public rootAction:Ljava/lang/String;
.field public detectInstrumentation:Z
.field public vpnMode:Ljava/lang/String;
.field public allowedSsids:[Ljava/lang/String;
.field public allowedCidrs:[Ljava/lang/String;

.method public constructor <init>()V
    .locals 0
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

# static Policy parse(String json): throws JSONException when json is not an object and
# IllegalArgumentException when schemaVersion is not 1.
.method public static parse(Ljava/lang/String;)Lcom/mam/runtime/Policy;
    .locals 3
    new-instance v0, Lorg/json/JSONObject;
    invoke-direct {v0, p0}, Lorg/json/JSONObject;-><init>(Ljava/lang/String;)V
    const-string v1, "schemaVersion"
    invoke-virtual {v0, v1}, Lorg/json/JSONObject;->getInt(Ljava/lang/String;)I
    move-result v1
    const/4 v2, 0x1
    if-eq v1, v2, :version_ok
    new-instance v0, Ljava/lang/IllegalArgumentException;
    const-string v1, "unsupported policy schemaVersion"
    invoke-direct {v0, v1}, Ljava/lang/IllegalArgumentException;-><init>(Ljava/lang/String;)V
    throw v0
    :version_ok
    new-instance v1, Lcom/mam/runtime/Policy;
    invoke-direct {v1}, Lcom/mam/runtime/Policy;-><init>()V
    invoke-direct {v1, v0}, Lcom/mam/runtime/Policy;->readFlags(Lorg/json/JSONObject;)V
    invoke-direct {v1, v0}, Lcom/mam/runtime/Policy;->readCompromisedDevice(Lorg/json/JSONObject;)V
    invoke-direct {v1, v0}, Lcom/mam/runtime/Policy;->readVpn(Lorg/json/JSONObject;)V
    return-object v1
.end method

# private void readFlags(JSONObject doc):
#   cameraBlock = flag(doc, "camera", "block", false); encrypt = flag(doc, "dataAtRest", "encrypt", false);
#   screenCaptureBlock = flag(doc, "screenCapture", "block", false);
.method private readFlags(Lorg/json/JSONObject;)V
    .locals 4
    const/4 v2, 0x0
    const-string v0, "camera"
    const-string v1, "block"
    invoke-static {p1, v0, v1, v2}, Lcom/mam/runtime/Policy;->flag(Lorg/json/JSONObject;Ljava/lang/String;Ljava/lang/String;Z)Z
    move-result v3
    iput-boolean v3, p0, Lcom/mam/runtime/Policy;->cameraBlock:Z
    const-string v0, "dataAtRest"
    const-string v1, "encrypt"
    invoke-static {p1, v0, v1, v2}, Lcom/mam/runtime/Policy;->flag(Lorg/json/JSONObject;Ljava/lang/String;Ljava/lang/String;Z)Z
    move-result v3
    iput-boolean v3, p0, Lcom/mam/runtime/Policy;->encrypt:Z
    const-string v0, "screenCapture"
    const-string v1, "block"
    invoke-static {p1, v0, v1, v2}, Lcom/mam/runtime/Policy;->flag(Lorg/json/JSONObject;Ljava/lang/String;Ljava/lang/String;Z)Z
    move-result v3
    iput-boolean v3, p0, Lcom/mam/runtime/Policy;->screenCaptureBlock:Z
    return-void
.end method

# private void readCompromisedDevice(JSONObject doc):
#   JSONObject s = section(doc, "compromisedDevice");
#   rootAction = s.optString("action", "allow"); detectInstrumentation = s.optBoolean("detectInstrumentation", true);
.method private readCompromisedDevice(Lorg/json/JSONObject;)V
    .locals 3
    const-string v0, "compromisedDevice"
    invoke-static {p1, v0}, Lcom/mam/runtime/Policy;->section(Lorg/json/JSONObject;Ljava/lang/String;)Lorg/json/JSONObject;
    move-result-object v0
    const-string v1, "action"
    const-string v2, "allow"
    invoke-virtual {v0, v1, v2}, Lorg/json/JSONObject;->optString(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    iput-object v1, p0, Lcom/mam/runtime/Policy;->rootAction:Ljava/lang/String;
    const-string v1, "detectInstrumentation"
    const/4 v2, 0x1
    invoke-virtual {v0, v1, v2}, Lorg/json/JSONObject;->optBoolean(Ljava/lang/String;Z)Z
    move-result v1
    iput-boolean v1, p0, Lcom/mam/runtime/Policy;->detectInstrumentation:Z
    return-void
.end method

# private void readVpn(JSONObject doc):
#   JSONObject s = section(doc, "vpn"); vpnMode = s.optString("mode", "off");
#   JSONArray nets = s.optJSONArray("allowedNetworks");
#   allowedSsids = strings(nets, "ssid"); allowedCidrs = strings(nets, "cidr");
.method private readVpn(Lorg/json/JSONObject;)V
    .locals 3
    const-string v0, "vpn"
    invoke-static {p1, v0}, Lcom/mam/runtime/Policy;->section(Lorg/json/JSONObject;Ljava/lang/String;)Lorg/json/JSONObject;
    move-result-object v0
    const-string v1, "mode"
    const-string v2, "off"
    invoke-virtual {v0, v1, v2}, Lorg/json/JSONObject;->optString(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    iput-object v1, p0, Lcom/mam/runtime/Policy;->vpnMode:Ljava/lang/String;
    const-string v1, "allowedNetworks"
    invoke-virtual {v0, v1}, Lorg/json/JSONObject;->optJSONArray(Ljava/lang/String;)Lorg/json/JSONArray;
    move-result-object v0
    const-string v1, "ssid"
    invoke-static {v0, v1}, Lcom/mam/runtime/Policy;->strings(Lorg/json/JSONArray;Ljava/lang/String;)[Ljava/lang/String;
    move-result-object v2
    iput-object v2, p0, Lcom/mam/runtime/Policy;->allowedSsids:[Ljava/lang/String;
    const-string v1, "cidr"
    invoke-static {v0, v1}, Lcom/mam/runtime/Policy;->strings(Lorg/json/JSONArray;Ljava/lang/String;)[Ljava/lang/String;
    move-result-object v2
    iput-object v2, p0, Lcom/mam/runtime/Policy;->allowedCidrs:[Ljava/lang/String;
    return-void
.end method

# static JSONObject section(JSONObject doc, String name): doc.optJSONObject(name), or an empty object when absent.
.method static section(Lorg/json/JSONObject;Ljava/lang/String;)Lorg/json/JSONObject;
    .locals 1
    invoke-virtual {p0, p1}, Lorg/json/JSONObject;->optJSONObject(Ljava/lang/String;)Lorg/json/JSONObject;
    move-result-object v0
    if-nez v0, :done
    new-instance v0, Lorg/json/JSONObject;
    invoke-direct {v0}, Lorg/json/JSONObject;-><init>()V
    :done
    return-object v0
.end method

# static boolean flag(JSONObject doc, String section, String key, boolean def): section(doc, section).optBoolean(key, def)
.method static flag(Lorg/json/JSONObject;Ljava/lang/String;Ljava/lang/String;Z)Z
    .locals 1
    invoke-static {p0, p1}, Lcom/mam/runtime/Policy;->section(Lorg/json/JSONObject;Ljava/lang/String;)Lorg/json/JSONObject;
    move-result-object v0
    invoke-virtual {v0, p2, p3}, Lorg/json/JSONObject;->optBoolean(Ljava/lang/String;Z)Z
    move-result v0
    return v0
.end method

# static String[] strings(JSONArray items, String key): the non-empty string values of `key` in the
# objects of items (null items gives an empty array).
.method static strings(Lorg/json/JSONArray;Ljava/lang/String;)[Ljava/lang/String;
    .locals 5
    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    if-eqz p0, :done
    const/4 v1, 0x0
    invoke-virtual {p0}, Lorg/json/JSONArray;->length()I
    move-result v2
    :loop
    if-ge v1, v2, :done
    invoke-virtual {p0, v1}, Lorg/json/JSONArray;->optJSONObject(I)Lorg/json/JSONObject;
    move-result-object v3
    if-eqz v3, :next
    invoke-virtual {v3, p1}, Lorg/json/JSONObject;->optString(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v4
    invoke-virtual {v4}, Ljava/lang/String;->isEmpty()Z
    move-result v3
    if-nez v3, :next
    invoke-virtual {v0, v4}, Ljava/util/ArrayList;->add(Ljava/lang/Object;)Z
    :next
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    invoke-static {v0}, Lcom/mam/runtime/Texts;->toArray(Ljava/util/List;)[Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method
