package dev.taskagent.agent;

/**
 * An image the model should look at: either a URL the model endpoint fetches itself, or inline base64 data with its
 * media type. Validated before it gets here.
 */
public record ImageInput(String url, String base64Data, String mimeType) {

    public static ImageInput fromUrl(String url) {
        return new ImageInput(url, null, null);
    }

    public static ImageInput inline(String base64Data, String mimeType) {
        return new ImageInput(null, base64Data, mimeType);
    }
}
