package dev.rag.ingest.parsing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads Tika's XHTML output into a {@link StructureBuilder}: {@code h1..h6} become headings, {@code
 * <div class="page">} (PDF) becomes a page, block elements become paragraph breaks, and the
 * document head (title, scripts, styles) is left out of the text.
 */
final class XhtmlStructureHandler extends DefaultHandler {

  private final StructureBuilder builder;
  private final Deque<Boolean> divIsPage = new ArrayDeque<>();
  private int skipped;
  private int headingLevel;
  private int headingStart;

  XhtmlStructureHandler(StructureBuilder builder) {
    this.builder = builder;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes attributes) {
    String name = name(localName, qName);
    switch (name) {
      case "head", "script", "style", "title" -> skipped++;
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        builder.breakBlock();
        headingLevel = name.charAt(1) - '0';
        headingStart = builder.length();
      }
      case "div" -> {
        boolean page = "page".equals(attributes.getValue("class"));
        divIsPage.push(page);
        builder.breakBlock();
        if (page) {
          builder.startPage();
        }
      }
      case "p", "blockquote", "pre", "ul", "ol", "table", "section", "article" ->
          builder.breakBlock();
      case "li", "tr", "dt", "dd" -> builder.breakLine();
      case "td", "th" -> builder.append(" ");
      case "br" -> builder.append("\n");
      default -> {}
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) {
    String name = name(localName, qName);
    switch (name) {
      case "head", "script", "style", "title" -> skipped--;
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        if (headingLevel > 0) {
          builder.heading(headingStart, headingLevel, builder.text().substring(headingStart));
          headingLevel = 0;
        }
        builder.breakBlock();
      }
      case "div" -> {
        builder.breakBlock();
        if (!divIsPage.isEmpty() && divIsPage.pop()) {
          builder.endPage();
        }
      }
      case "p", "blockquote", "pre", "ul", "ol", "table", "section", "article" ->
          builder.breakBlock();
      case "li", "tr", "dt", "dd" -> builder.breakLine();
      default -> {}
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    if (skipped == 0) {
      builder.append(new String(ch, start, length).replace('\r', '\n').replace('\u0000', ' '));
    }
  }

  private static String name(String localName, String qName) {
    return (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
  }
}
