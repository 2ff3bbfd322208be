package dev.fuzzprof.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: left-aligned first column, right-aligned figures. */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] leftAligned;

  public Table(String... header) {
    rows.add(header);
    leftAligned = new boolean[header.length];
    leftAligned[0] = true;
  }

  public Table left(int column) {
    leftAligned[column] = true;
    return this;
  }

  public Table row(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = cells[i] == null ? "-" : cells[i].toString();
    }
    rows.add(r);
    return this;
  }

  public void print(PrintWriter out, String indent) {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder(indent);
      for (int i = 0; i < cols; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        String pad = " ".repeat(width[i] - r[i].length());
        sb.append(leftAligned[i] ? r[i] + (i == cols - 1 ? "" : pad) : pad + r[i]);
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
