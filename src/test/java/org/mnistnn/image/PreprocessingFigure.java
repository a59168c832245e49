package org.mnistnn.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws docs/http-api.md's before/after picture of the preprocessing (docs/img/preprocessing.png):
 * a "2" in grey pencil, off-centre on grey paper, and the 28×28 input the network gets from it.
 *
 * <pre>
 * mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Djava.awt.headless=true -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.mnistnn.image.PreprocessingFigure docs/img/preprocessing.png
 * </pre>
 */
public final class PreprocessingFigure {
  private PreprocessingFigure() {}

  public static void main(String[] args) throws Exception {
    BufferedImage before = Pictures.pencilTwo(false);
    int w = before.getWidth();
    int h = before.getHeight();
    float[] x = MnistPreprocessor.process(before).pixels();
    int scale = 8;
    BufferedImage after = GrayImage.toImage(x, 28, 28, scale);

    int pad = 16;
    int top = 34;
    int fw = pad + w + 56 + 28 * scale + pad;
    int fh = top + Math.max(h, 28 * scale) + pad;
    BufferedImage fig = new BufferedImage(fw, fh, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = fig.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, fw, fh);
    g.setColor(new Color(40, 40, 50));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.drawString("before: 360×260, dark on grey, off-centre", pad, 22);
    int ax = pad + w + 56;
    g.drawString("after: the 28×28 input (×8)", ax, 22);
    g.drawImage(before, pad, top, null);
    g.drawImage(after, ax, top + (h - 28 * scale) / 2, null);
    int ay = top + h / 2;
    g.setStroke(new BasicStroke(3));
    g.drawLine(pad + w + 12, ay, pad + w + 44, ay);
    g.fillPolygon(
        new int[] {pad + w + 46, pad + w + 36, pad + w + 36}, new int[] {ay, ay - 7, ay + 7}, 3);
    g.dispose();
    Path out = Path.of(args.length > 0 ? args[0] : "docs/img/preprocessing.png");
    Files.createDirectories(out.toAbsolutePath().getParent());
    ImageIO.write(fig, "png", out.toFile());
    System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
  }
}
