<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom" xmlns:kf="urn:uuid:d6066351-a9ff-44e8-99a8-07e0935539de" exclude-result-prefixes="atom kf">
<!-- The browser stylesheet the XML feeds reference (<?xml-stylesheet?>): a reader opening a
  feed in a browser that applies XSLT sees a readable page, not markup; feed readers ignore it.
  Works under a strict CSP too: no script, no external resource; the one inline <style> is
  cosmetic, so a policy that blocks it leaves a plain but complete page. The summary of an RSS
  item is escaped HTML, so it is written unescaped (disable-output-escaping); where a browser
  ignores that, the reader sees entity text, never markup. -->
<xsl:output method="html" encoding="utf-8" indent="no"/>
<xsl:variable name="feed" select="/rss/channel | /atom:feed"/>
<xsl:template match="/">
<html lang="{/rss/channel/language | /atom:feed/@xml:lang}">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="robots" content="noindex"/>
<title><xsl:value-of select="$feed/title | $feed/atom:title"/> (web feed)</title>
<style>
:root { color-scheme: light dark; font: 1rem/1.5 system-ui, sans-serif; }
body { max-width: 42rem; margin: 0 auto; padding: 1rem; }
.note { padding: .75rem 1rem; border: 1px solid; border-radius: .5rem; }
code { word-break: break-all; }
article { border-top: 1px solid; padding-top: .5rem; margin-top: 1.5rem; }
h2 { font-size: 1.25rem; margin: .25rem 0; }
small, .date { opacity: .8; }
</style>
</head>
<body>
<header>
<p class="note"><strong>This is a web feed.</strong> To subscribe, copy its address into your feed reader:
<code><xsl:value-of select="$feed/atom:link[@rel='self']/@href"/></code></p>
<h1><xsl:value-of select="$feed/title | $feed/atom:title"/></h1>
<p><xsl:value-of select="$feed/description | $feed/atom:subtitle"/></p>
<p><a href="{$feed/link | $feed/atom:link[@rel='alternate']/@href}">Visit the website</a></p>
</header>
<main>
<xsl:for-each select="$feed/item | $feed/atom:entry">
<article dir="auto">
<h2><a href="{link | atom:link[@rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a></h2>
<p class="date"><xsl:choose>
<xsl:when test="pubDate"><xsl:value-of select="substring(pubDate, 6, 11)"/></xsl:when>
<xsl:otherwise><xsl:value-of select="substring(atom:published, 1, 10)"/></xsl:otherwise>
</xsl:choose></p>
<xsl:choose>
<xsl:when test="atom:summary"><p><xsl:value-of select="atom:summary"/></p></xsl:when>
<xsl:otherwise><p><xsl:value-of select="description" disable-output-escaping="yes"/></p></xsl:otherwise>
</xsl:choose>
<xsl:if test="kf:facts/kf:fact">
<h3>Key facts</h3>
<ul>
<xsl:for-each select="kf:facts/kf:fact">
<li><xsl:value-of select="kf:text"/><xsl:text> </xsl:text><small>(<xsl:for-each select="kf:source"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each>)</small></li>
</xsl:for-each>
</ul>
</xsl:if>
</article>
</xsl:for-each>
</main>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
