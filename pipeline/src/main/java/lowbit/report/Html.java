package lowbit.report;

import org.apache.spark.sql.Row;

import java.util.List;

/** A minimal self-contained HTML page: headings, paragraphs, images and tables, with escaping. */
final class Html {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    Html(String title) {
        this.title = title;
        heading1(title);
    }

    private void heading1(String text) {
        body.append("<h1>").append(escape(text)).append("</h1>\n");
    }

    void heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
    }

    void paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
    }

    void image(String file, String alt) {
        body.append("<p><img src=\"").append(escape(file)).append("\" alt=\"").append(escape(alt))
                .append("\" width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT).append("\"></p>\n");
    }

    void table(List<Row> rows, List<String> header) {
        body.append("<table>\n<tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr>\n");
        for (Row r : rows) {
            body.append("<tr>");
            for (int i = 0; i < r.length(); i++) {
                body.append("<td>").append(escape(r.get(i) == null ? "" : String.valueOf(r.get(i)))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
    }

    String finish() {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}th{background:#eee}</style>\n"
                + "</head><body>\n" + body + "</body></html>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
