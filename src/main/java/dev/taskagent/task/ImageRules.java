package dev.taskagent.task;

import dev.taskagent.agent.ImageInput;
import dev.taskagent.config.TaskAgentConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Checks the images of a task: an http(s) URL the model endpoint fetches itself, or a {@code data:} URL with base64
 * content of an accepted type, within the size limit, whose bytes really are that type.
 */
final class ImageRules {

    private final TaskAgentConfig.Images config;

    ImageRules(TaskAgentConfig.Images config) {
        this.config = config;
    }

    List<ImageInput> check(List<String> images) {
        if (images == null) {
            return List.of();
        }
        if (images.size() > config.maxCount()) {
            throw invalid(
                    "'images' holds " + images.size() + " images; at most " + config.maxCount() + " are accepted");
        }
        List<ImageInput> checked = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            checked.add(check(i, images.get(i)));
        }
        return checked;
    }

    private ImageInput check(int index, String image) {
        String where = "images[" + index + "]";
        if (image == null || image.isBlank()) {
            throw invalid(where + " is empty; give an https:// URL or a data:image/...;base64,... URL");
        }
        if (image.regionMatches(true, 0, "data:", 0, 5)) {
            return inline(where, image);
        }
        if (image.length() > config.maxUrlLength()) {
            throw invalid(
                    where + " is a URL of " + image.length() + " characters; the limit is " + config.maxUrlLength());
        }
        try {
            URI uri = new URI(image);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw invalid(where + " must be an http(s) URL or a data: URL, not '" + abbreviate(image) + "'");
            }
        } catch (URISyntaxException e) {
            throw invalid(where + " is not a valid URL: " + e.getReason());
        }
        return ImageInput.fromUrl(image);
    }

    private ImageInput inline(String where, String image) {
        int comma = image.indexOf(',');
        String header = comma < 0 ? "" : image.substring(5, comma).toLowerCase(Locale.ROOT);
        if (comma < 0 || !header.endsWith(";base64")) {
            throw invalid(where + " must be a base64 data URL: data:<type>;base64,<data>");
        }
        String type = header.substring(0, header.length() - ";base64".length());
        if (!config.allowedTypes().contains(type)) {
            throw invalid(
                    where + " has type '" + type + "'; accepted types: " + String.join(", ", config.allowedTypes()));
        }
        String data = image.substring(comma + 1);
        long decodedSize = (long) data.length() * 3 / 4;
        if (decodedSize > (long) config.maxBytes() + 2) {
            throw invalid(where + " is about " + decodedSize + " bytes; the limit is " + config.maxBytes() + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw invalid(where + " is not valid base64: " + e.getMessage());
        }
        if (bytes.length > config.maxBytes()) {
            throw invalid(where + " is " + bytes.length + " bytes; the limit is " + config.maxBytes() + " bytes");
        }
        if (!looksLike(type, bytes)) {
            throw invalid(where + " says " + type + " but its bytes are not a " + type + " image");
        }
        return ImageInput.inline(data, type);
    }

    /** Checks the file signature of the types we know; other configured types are taken on trust. */
    private static boolean looksLike(String type, byte[] b) {
        return switch (type) {
            case "image/png" -> startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            case "image/jpeg" -> startsWith(b, 0, 0xFF, 0xD8, 0xFF);
            case "image/gif" -> startsWith(b, 0, 'G', 'I', 'F', '8');
            case "image/webp" -> startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P');
            default -> true;
        };
    }

    private static boolean startsWith(byte[] bytes, int offset, int... signature) {
        if (bytes.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private static TaskFailure.InvalidTask invalid(String message) {
        return new TaskFailure.InvalidTask(message);
    }
}
