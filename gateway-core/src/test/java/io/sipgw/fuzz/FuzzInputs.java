package io.sipgw.fuzz;

import io.sipgw.sip.codec.SipCodecLimits;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/** The generated inputs: mutated SIP messages, streams of them, mutated SDP bodies. */
final class FuzzInputs {

    /** Small limits, so that mutations reach the size checks too. */
    static final SipCodecLimits SMALL_LIMITS = new SipCodecLimits(64, 512, 8, 256);

    private FuzzInputs() {
    }

    /** The default limits, or small ones one time in eight. */
    static SipCodecLimits limits(SplittableRandom rnd) {
        return rnd.nextInt(8) == 0 ? SMALL_LIMITS : SipCodecLimits.DEFAULT;
    }

    /** A SIP seed, mutated three times in four; now and then preceded by CR/LF or replaced by noise. */
    static byte[] sipMessage(SplittableRandom rnd) {
        if (rnd.nextInt(64) == 0) {
            byte[] noise = new byte[rnd.nextInt(300)];
            rnd.nextBytes(noise);
            return noise;
        }
        byte[] seed = pick(rnd, SeedMessages.SIP);
        byte[] message = rnd.nextInt(4) == 0 ? seed : Mutations.mutate(rnd, seed, SeedMessages.SIP);
        if (rnd.nextInt(16) == 0) {
            message = Mutations.insert(message, 0, Mutations.ascii(rnd.nextBoolean() ? "\r\n" : "\n\n\r\n"));
        }
        return message;
    }

    /** One to four SIP messages, each mutated or not, with CRLF keep-alives now and then between them. */
    static byte[] sipStream(SplittableRandom rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int messages = 1 + rnd.nextInt(4);
        for (int i = 0; i < messages; i++) {
            byte[] seed = pick(rnd, SeedMessages.SIP);
            out.writeBytes(rnd.nextInt(3) == 0 ? seed : Mutations.mutate(rnd, seed, SeedMessages.SIP));
            if (rnd.nextInt(6) == 0) {
                out.writeBytes(Mutations.ascii(rnd.nextBoolean() ? "\r\n\r\n" : "\r\n"));
            }
        }
        return out.toByteArray();
    }

    /** An SDP seed, mutated seven times in eight. */
    static byte[] sdpBody(SplittableRandom rnd) {
        byte[] seed = pick(rnd, SeedMessages.SDP);
        return rnd.nextInt(8) == 0 ? seed : Mutations.mutate(rnd, seed, SeedMessages.SDP);
    }

    /** Cut positions splitting {@code length} bytes into 1 to 12 chunks, or into single bytes now and then. */
    static int[] cuts(SplittableRandom rnd, int length) {
        if (length > 1 && rnd.nextInt(50) == 0) {
            int[] every = new int[length - 1];
            for (int i = 0; i < every.length; i++) {
                every[i] = i + 1;
            }
            return every;
        }
        int n = length == 0 ? 0 : rnd.nextInt(12);
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = rnd.nextInt(length + 1);
        }
        java.util.Arrays.sort(cuts);
        return cuts;
    }

    private static byte[] pick(SplittableRandom rnd, List<byte[]> seeds) {
        return seeds.get(rnd.nextInt(seeds.size()));
    }
}
