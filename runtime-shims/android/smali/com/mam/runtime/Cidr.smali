# Address-in-prefix tests for vpn.allowedNetworks CIDRs ("10.0.0.0/8", "fd00::/8"), on literal addresses only.
.class public final Lcom/mam/runtime/Cidr;
.super Ljava/lang/Object;

# static boolean anyInside(String[] addresses, String[] cidrs): some address is inside some cidr.
.method public static anyInside([Ljava/lang/String;[Ljava/lang/String;)Z
    .locals 7
    const/4 v0, 0x0
    array-length v1, p0
    :outer
    if-ge v0, v1, :no
    aget-object v2, p0, v0
    const/4 v3, 0x0
    array-length v4, p1
    :inner
    if-ge v3, v4, :next_address
    aget-object v5, p1, v3
    invoke-static {v5, v2}, Lcom/mam/runtime/Cidr;->contains(Ljava/lang/String;Ljava/lang/String;)Z
    move-result v6
    if-eqz v6, :next_cidr
    const/4 v0, 0x1
    return v0
    :next_cidr
    add-int/lit8 v3, v3, 0x1
    goto :inner
    :next_address
    add-int/lit8 v0, v0, 0x1
    goto :outer
    :no
    const/4 v0, 0x0
    return v0
.end method

# static boolean contains(String cidr, String address): same family and the first prefix-length bits equal;
# false for anything unparsable. A "%scope" suffix on the address is ignored.
.method public static contains(Ljava/lang/String;Ljava/lang/String;)Z
    .locals 4
    :try_start
    const/16 v0, 0x2f
    invoke-virtual {p0, v0}, Ljava/lang/String;->indexOf(I)I
    move-result v0
    const/4 v1, 0x0
    invoke-virtual {p0, v1, v0}, Ljava/lang/String;->substring(II)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Lcom/mam/runtime/Cidr;->literal(Ljava/lang/String;)[B
    move-result-object v1
    add-int/lit8 v0, v0, 0x1
    invoke-virtual {p0, v0}, Ljava/lang/String;->substring(I)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Ljava/lang/Integer;->parseInt(Ljava/lang/String;)I
    move-result v0
    invoke-static {p1}, Lcom/mam/runtime/Cidr;->literal(Ljava/lang/String;)[B
    move-result-object v2
    invoke-static {v1, v2, v0}, Lcom/mam/runtime/Cidr;->samePrefix([B[BI)Z
    move-result v3
    :try_end
    .catch Ljava/lang/Exception; {:try_start .. :try_end} :failed
    return v3
    :failed
    const/4 v0, 0x0
    return v0
.end method

# static byte[] literal(String address): InetAddress.getByName(address without "%scope").getAddress(),
# only for text made of hex digits, '.' and ':' (a host name is never resolved: IllegalArgumentException).
.method static literal(Ljava/lang/String;)[B
    .locals 4
    const/16 v0, 0x25
    invoke-virtual {p0, v0}, Ljava/lang/String;->indexOf(I)I
    move-result v0
    if-ltz v0, :unscoped
    const/4 v1, 0x0
    invoke-virtual {p0, v1, v0}, Ljava/lang/String;->substring(II)Ljava/lang/String;
    move-result-object p0
    :unscoped
    invoke-virtual {p0}, Ljava/lang/String;->length()I
    move-result v1
    if-eqz v1, :bad
    const/4 v0, 0x0
    :loop
    if-ge v0, v1, :parse
    invoke-virtual {p0, v0}, Ljava/lang/String;->charAt(I)C
    move-result v2
    const/16 v3, 0x3a
    if-eq v2, v3, :next
    const/16 v3, 0x2e
    if-eq v2, v3, :next
    const/16 v3, 0x10
    invoke-static {v2, v3}, Ljava/lang/Character;->digit(CI)I
    move-result v3
    if-ltz v3, :bad
    :next
    add-int/lit8 v0, v0, 0x1
    goto :loop
    :parse
    invoke-static {p0}, Ljava/net/InetAddress;->getByName(Ljava/lang/String;)Ljava/net/InetAddress;
    move-result-object v0
    invoke-virtual {v0}, Ljava/net/InetAddress;->getAddress()[B
    move-result-object v0
    return-object v0
    :bad
    new-instance v0, Ljava/lang/IllegalArgumentException;
    invoke-direct {v0, p0}, Ljava/lang/IllegalArgumentException;-><init>(Ljava/lang/String;)V
    throw v0
.end method

# static boolean samePrefix(byte[] a, byte[] b, int bits): a.length == b.length, 0 <= bits <= 8*a.length,
# and the first `bits` bits of a and b are equal.
.method static samePrefix([B[BI)Z
    .locals 6
    array-length v0, p0
    array-length v1, p1
    if-ne v0, v1, :no
    if-ltz p2, :no
    mul-int/lit8 v0, v0, 0x8
    if-gt p2, v0, :no
    const/4 v0, 0x0
    :loop
    if-ge v0, p2, :yes
    div-int/lit8 v1, v0, 0x8
    rem-int/lit8 v2, v0, 0x8
    rsub-int/lit8 v2, v2, 0x7
    aget-byte v3, p0, v1
    aget-byte v4, p1, v1
    xor-int/2addr v3, v4
    shr-int/2addr v3, v2
    and-int/lit8 v3, v3, 0x1
    if-nez v3, :no
    add-int/lit8 v0, v0, 0x1
    goto :loop
    :yes
    const/4 v0, 0x1
    return v0
    :no
    const/4 v0, 0x0
    return v0
.end method
