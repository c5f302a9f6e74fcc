package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates random but plausible SDP offers from a seeded {@link Random}, remembering the truth about each one
 * (which codec every payload type really is), so that tests can judge the policy's output independently.
 */
final class OfferGenerator {

    /** What one payload type carries, or an unknown dynamic type when {@code name} is null. */
    record Codec(String name, int rate, String channels) {
        boolean isVoice() {
            return name != null && !name.equalsIgnoreCase("telephone-event");
        }
    }

    /** A generated media section and the truth about it. */
    record Section(String media, int port, String proto, List<String> formats, Map<String, Codec> codecs,
                   List<String> lines, boolean needsRelay) {
    }

    /** A generated offer: its text (with LF line ends) and its sections. */
    record Offer(String text, List<String> sessionLines, List<Section> sections, String lineEnd) {
        byte[] bytes() {
            return text.replace("\n", lineEnd).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final Codec[] DYNAMIC = {
        new Codec("opus", 48000, "2"), new Codec("PCMU", 8000, null), new Codec("pcma", 8000, null),
        new Codec("telephone-event", 8000, null), new Codec("telephone-event", 48000, null),
        new Codec("telephone-event", 16000, null), new Codec("iLBC", 8000, null), new Codec("speex", 16000, null),
        new Codec("AMR-WB", 16000, null), new Codec("L16", 16000, null), new Codec("TELEPHONE-EVENT", 8000, null),
    };
    private static final int[] STATIC = {0, 8, 9, 18, 3, 13};
    private static final String[] STATIC_NAMES = {"PCMU", "PCMA", "G722", "G729", "GSM", "CN"};

    private final Random random;

    OfferGenerator(Random random) {
        this.random = random;
    }

    Offer next() {
        boolean ipv6 = random.nextBoolean();
        boolean sessionConnection = random.nextInt(3) > 0;
        int sectionCount = 1 + random.nextInt(3);
        List<Section> sections = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        boolean sessionFingerprint = random.nextInt(40) == 0;
        for (int i = 0; i < sectionCount; i++) {
            sections.add(section(i, !sessionConnection, sessionFingerprint));
            mids.add("m" + i);
        }
        List<String> session = new ArrayList<>();
        session.add("v=0");
        session.add("o=- " + random.nextInt(Integer.MAX_VALUE) + ' ' + random.nextInt(1000) + ' '
                + (ipv6 ? "IN IP6 2001:db8::" + Integer.toHexString(random.nextInt(65536)) : "IN IP4 192.0.2.7"));
        session.add("s=-");
        if (sessionConnection) {
            session.add(ipv6 ? "c=IN IP6 2001:db8:0:1::" + (1 + random.nextInt(9)) : "c=IN IP4 198.51.100.3");
        }
        session.add("t=0 0");
        List<String> attributes = new ArrayList<>();
        if (random.nextBoolean()) {
            attributes.add("a=group:BUNDLE " + String.join(" ", mids));
        }
        if (random.nextInt(4) == 0) {
            attributes.add("a=x-session-" + random.nextInt(100) + ":value " + random.nextInt(100));
        }
        if (sessionFingerprint) {
            attributes.add("a=fingerprint:sha-256 AA:BB:CC");
        }
        Collections.shuffle(attributes, random);
        session.addAll(attributes);
        StringBuilder text = new StringBuilder();
        for (String line : session) {
            text.append(line).append('\n');
        }
        for (Section section : sections) {
            text.append("m=").append(section.media()).append(' ').append(section.port()).append(' ')
                    .append(section.proto()).append(' ').append(String.join(" ", section.formats())).append('\n');
            for (String line : section.lines()) {
                text.append(line).append('\n');
            }
        }
        return new Offer(text.toString(), session, sections, random.nextInt(5) == 0 ? "\n" : "\r\n");
    }

    private Section section(int index, boolean needsConnection, boolean sessionFingerprint) {
        int kind = random.nextInt(20);
        String media = kind < 16 ? "audio" : kind < 19 ? "video" : "application";
        int port = random.nextInt(20) == 0 ? 0 : 1024 + 2 * random.nextInt(30000);
        List<String> lines = new ArrayList<>();
        if (needsConnection || random.nextInt(4) == 0) {
            lines.add(random.nextBoolean() ? "c=IN IP4 203.0.113." + random.nextInt(255)
                    : "c=IN IP6 2001:db8:5::" + Integer.toHexString(1 + random.nextInt(4000)));
        }
        lines.add("a=mid:m" + index);
        if (media.equals("application")) {
            lines.add("a=sctp-port:5000");
            return new Section(media, port, "UDP/DTLS/SCTP", List.of("webrtc-datachannel"), Map.of(), lines, true);
        }
        int profile = random.nextInt(20);
        String proto = profile < 9 ? "RTP/AVP" : profile < 18 ? "RTP/SAVP" : profile < 19 ? "UDP/TLS/RTP/SAVPF"
                : "RTP/SAVPF";
        boolean relay = !proto.equals("RTP/AVP") && !proto.equals("RTP/SAVP") || sessionFingerprint;
        if (proto.contains("SAVP") && random.nextInt(10) > 0) {
            lines.add("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
            if (random.nextBoolean()) {
                lines.add("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:c2Vjb25ka2V5c2Vjb25ka2V5c2Vjb25ka2V5MTIz");
            }
        } else if (proto.equals("RTP/SAVP")) {
            relay = true;
        }
        if (proto.contains("TLS")) {
            lines.add("a=fingerprint:sha-256 4F:2A:8C");
            lines.add("a=setup:actpass");
        }
        Map<String, Codec> codecs = new HashMap<>();
        List<String> formats = new ArrayList<>();
        int wanted = 1 + random.nextInt(6);
        while (formats.size() < wanted) {
            boolean isStatic = random.nextInt(3) == 0;
            int pt = isStatic ? STATIC[random.nextInt(STATIC.length)] : 96 + random.nextInt(32);
            String format = Integer.toString(pt);
            if (codecs.containsKey(format)) {
                continue;
            }
            Codec codec;
            if (isStatic) {
                int i = indexOf(pt);
                codec = new Codec(STATIC_NAMES[i], 8000, null);
                if (random.nextBoolean()) {
                    lines.add("a=rtpmap:" + pt + ' ' + STATIC_NAMES[i] + "/8000");
                }
            } else if (random.nextInt(10) == 0) {
                codec = new Codec(null, 0, null);
            } else {
                codec = DYNAMIC[random.nextInt(DYNAMIC.length)];
                lines.add("a=rtpmap:" + pt + ' ' + codec.name() + '/' + codec.rate()
                        + (codec.channels() == null ? "" : "/" + codec.channels()));
            }
            if (random.nextBoolean()) {
                lines.add("a=fmtp:" + pt + " x-param=" + random.nextInt(100) + ";y=" + pt);
            }
            if (random.nextInt(5) == 0) {
                lines.add("a=rtcp-fb:" + pt + " nack");
            }
            codecs.put(format, codec);
            formats.add(format);
        }
        String[] extras = {"a=ptime:20", "a=maxptime:40", "a=rtcp-mux", "a=sendrecv", "a=rtcp-fb:* nack",
            "a=ssrc:12345 cname:x", "a=x-unknown:" + index, "a=label:" + index, "b=AS:64", "i=stream " + index};
        for (String extra : extras) {
            if (random.nextInt(3) == 0) {
                lines.add(extra);
            }
        }
        List<String> attributes = new ArrayList<>(lines.subList(lines.get(0).startsWith("c=") ? 1 : 0, lines.size()));
        Collections.shuffle(attributes, random);
        List<String> ordered = new ArrayList<>();
        if (lines.get(0).startsWith("c=")) {
            ordered.add(lines.get(0));
        }
        ordered.addAll(attributes);
        return new Section(media, port, proto, formats, codecs, ordered, relay);
    }

    private static int indexOf(int pt) {
        for (int i = 0; i < STATIC.length; i++) {
            if (STATIC[i] == pt) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a generated static type " + pt);
    }
}
