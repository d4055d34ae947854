# Small string helpers shared by the other classes.
.class public final Lcom/mam/runtime/Texts;
.super Ljava/lang/Object;

# static String[] toArray(List<String> list) { return list.toArray(new String[list.size()]); }
.method public static toArray(Ljava/util/List;)[Ljava/lang/String;
    .locals 1
    invoke-interface {p0}, Ljava/util/List;->size()I
    move-result v0
    new-array v0, v0, [Ljava/lang/String;
    invoke-interface {p0, v0}, Ljava/util/List;->toArray([Ljava/lang/Object;)[Ljava/lang/Object;
    move-result-object v0
    check-cast v0, [Ljava/lang/String;
    return-object v0
.end method

# static boolean contains(String[] items, String s): true when some item equals s (s may be null).
.method public static contains([Ljava/lang/String;Ljava/lang/String;)Z
    .locals 4
    const/4 v0, 0x0
    if-eqz p1, :no
    array-length v1, p0
    :loop
    if-ge v0, v1, :no
    aget-object v2, p0, v0
    invoke-virtual {p1, v2}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v3
    if-nez v3, :yes
    add-int/lit8 v0, v0, 0x1
    goto :loop
    :yes
    const/4 v0, 0x1
    return v0
    :no
    const/4 v0, 0x0
    return v0
.end method

# static String join(String[] items) { return String.join(", ", items) } (written out: String.join is API 26)
.method public static join([Ljava/lang/String;)Ljava/lang/String;
    .locals 5
    new-instance v0, Ljava/lang/StringBuilder;
    invoke-direct {v0}, Ljava/lang/StringBuilder;-><init>()V
    const/4 v1, 0x0
    array-length v2, p0
    :loop
    if-ge v1, v2, :done
    if-eqz v1, :first
    const-string v3, ", "
    invoke-virtual {v0, v3}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    :first
    aget-object v3, p0, v1
    invoke-virtual {v0, v3}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# static String concat(String a, String b) { return a + b; }
.method public static concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    .locals 1
    new-instance v0, Ljava/lang/StringBuilder;
    invoke-direct {v0, p0}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v0, p1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method
