# Instrumentation traces for the compromised-device policy: Frida (server port, server process, gadget
# or agent mapped into this process), Cydia Substrate, and Xposed (its bridge class or its stack frames).
.class public final Lcom/mam/runtime/Instrumentation;
.super Ljava/lang/Object;

.field public static final XPOSED_BRIDGE:Ljava/lang/String; = "de.robv.android.xposed.XposedBridge"

# static void probe(List out): adds "instrumentation:<what>" for each trace found.
.method public static probe(Ljava/util/List;)V
    .locals 3
    invoke-static {}, Lcom/mam/runtime/Instrumentation;->fridaPortOpen()Z
    move-result v0
    const-string v1, "frida-port"
    invoke-static {p0, v0, v1}, Lcom/mam/runtime/Instrumentation;->addIf(Ljava/util/List;ZLjava/lang/String;)V
    invoke-static {}, Lcom/mam/runtime/Instrumentation;->fridaServerRunning()Z
    move-result v0
    const-string v1, "frida-server"
    invoke-static {p0, v0, v1}, Lcom/mam/runtime/Instrumentation;->addIf(Ljava/util/List;ZLjava/lang/String;)V
    const-string v0, "/proc/self/maps"
    invoke-static {v0}, Lcom/mam/runtime/RootDetector;->file(Ljava/lang/String;)Ljava/io/File;
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/Streams;->readText(Ljava/io/File;)Ljava/lang/String;
    move-result-object v2
    const-string v0, "frida"
    invoke-virtual {v2, v0}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v0
    const-string v1, "frida-gadget"
    invoke-static {p0, v0, v1}, Lcom/mam/runtime/Instrumentation;->addIf(Ljava/util/List;ZLjava/lang/String;)V
    const-string v0, "substrate"
    invoke-virtual {v2, v0}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v0
    const-string v1, "substrate"
    invoke-static {p0, v0, v1}, Lcom/mam/runtime/Instrumentation;->addIf(Ljava/util/List;ZLjava/lang/String;)V
    invoke-static {}, Lcom/mam/runtime/Instrumentation;->xposedPresent()Z
    move-result v0
    const-string v1, "xposed"
    invoke-static {p0, v0, v1}, Lcom/mam/runtime/Instrumentation;->addIf(Ljava/util/List;ZLjava/lang/String;)V
    return-void
.end method

# static void addIf(List out, boolean present, String what) { if (present) out.add("instrumentation:" + what); }
.method static addIf(Ljava/util/List;ZLjava/lang/String;)V
    .locals 1
    if-eqz p1, :done
    sget-object v0, Lcom/mam/runtime/RootDetector;->INSTRUMENTATION:Ljava/lang/String;
    invoke-static {v0, p2}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    invoke-interface {p0, v0}, Ljava/util/List;->add(Ljava/lang/Object;)Z
    :done
    return-void
.end method

# static boolean fridaPortOpen(): a TCP connect to 127.0.0.1:RootDetector.sFridaPort (frida-server's
# default 27042) succeeds within 200 ms. Any failure (refused, StrictMode on the main thread) is "no".
.method static fridaPortOpen()Z
    .locals 4
    new-instance v0, Ljava/net/Socket;
    invoke-direct {v0}, Ljava/net/Socket;-><init>()V
    :try_start
    new-instance v1, Ljava/net/InetSocketAddress;
    const-string v2, "127.0.0.1"
    sget v3, Lcom/mam/runtime/RootDetector;->sFridaPort:I
    invoke-direct {v1, v2, v3}, Ljava/net/InetSocketAddress;-><init>(Ljava/lang/String;I)V
    const/16 v2, 0xc8
    invoke-virtual {v0, v1, v2}, Ljava/net/Socket;->connect(Ljava/net/SocketAddress;I)V
    invoke-virtual {v0}, Ljava/net/Socket;->close()V
    :try_end
    .catch Ljava/lang/Exception; {:try_start .. :try_end} :failed
    const/4 v0, 0x1
    return v0
    :failed
    const/4 v0, 0x0
    return v0
.end method

# static boolean fridaServerRunning(): some /proc/<pid>/cmdline mentions "frida-server"
# (only visible where /proc is not mounted hidepid).
.method static fridaServerRunning()Z
    .locals 6
    const-string v0, "/proc"
    invoke-static {v0}, Lcom/mam/runtime/RootDetector;->file(Ljava/lang/String;)Ljava/io/File;
    move-result-object v0
    invoke-virtual {v0}, Ljava/io/File;->listFiles()[Ljava/io/File;
    move-result-object v0
    if-eqz v0, :no
    const/4 v1, 0x0
    array-length v2, v0
    :loop
    if-ge v1, v2, :no
    new-instance v3, Ljava/io/File;
    aget-object v4, v0, v1
    const-string v5, "cmdline"
    invoke-direct {v3, v4, v5}, Ljava/io/File;-><init>(Ljava/io/File;Ljava/lang/String;)V
    invoke-static {v3}, Lcom/mam/runtime/Streams;->readText(Ljava/io/File;)Ljava/lang/String;
    move-result-object v3
    const-string v4, "frida-server"
    invoke-virtual {v3, v4}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v3
    if-eqz v3, :next
    const/4 v0, 0x1
    return v0
    :next
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :no
    const/4 v0, 0x0
    return v0
.end method

# static boolean xposedPresent(): Class.forName(XPOSED_BRIDGE) succeeds, or a frame of the current stack
# belongs to de.robv.android.xposed (hooked methods run under XposedBridge.handleHookedMethod).
.method static xposedPresent()Z
    .locals 6
    sget-object v0, Lcom/mam/runtime/Instrumentation;->XPOSED_BRIDGE:Ljava/lang/String;
    :try_start
    invoke-static {v0}, Ljava/lang/Class;->forName(Ljava/lang/String;)Ljava/lang/Class;
    :try_end
    .catch Ljava/lang/Throwable; {:try_start .. :try_end} :not_loadable
    const/4 v0, 0x1
    return v0
    :not_loadable
    new-instance v0, Ljava/lang/Throwable;
    invoke-direct {v0}, Ljava/lang/Throwable;-><init>()V
    invoke-virtual {v0}, Ljava/lang/Throwable;->getStackTrace()[Ljava/lang/StackTraceElement;
    move-result-object v0
    const/4 v1, 0x0
    array-length v2, v0
    :loop
    if-ge v1, v2, :no
    aget-object v3, v0, v1
    invoke-virtual {v3}, Ljava/lang/StackTraceElement;->getClassName()Ljava/lang/String;
    move-result-object v3
    const-string v4, "de.robv.android.xposed."
    invoke-virtual {v3, v4}, Ljava/lang/String;->startsWith(Ljava/lang/String;)Z
    move-result v3
    if-eqz v3, :next
    const/4 v0, 0x1
    return v0
    :next
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :no
    const/4 v0, 0x0
    return v0
.end method
