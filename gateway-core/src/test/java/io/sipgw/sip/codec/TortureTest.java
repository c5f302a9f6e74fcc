package io.sipgw.sip.codec;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipParseException;
import io.sipgw.sip.SipRequest;
import io.sipgw.testing.Parse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.sipgw.testing.SipTestMessages.crlf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * One table of messages written after the categories of RFC 4475 (SIP torture tests) and RFC 5118 (IPv6):
 * valid-but-strange messages parse completely; invalid ones are refused, either by the decoder (with a reason) or
 * by the typed view of the bad header.
 */
class TortureTest {

    enum Outcome {
        /** Decodes, and every known header parses into its typed view. */
        VALID,
        /** Refused by the decoder. */
        DECODE_ERROR,
        /** Decoded (framing and routing headers fine) but a typed view refuses the bad header. */
        VIEW_ERROR
    }

    private static final String TAIL = "Call-ID: torture@example.com\nContent-Length: 0\n\n";

    static Stream<Arguments> cases() {
        return Stream.of(
            // ---- RFC 4475 3.1.1: valid messages
            arguments("3.1.1.1 whitespace, folding, case", Outcome.VALID, crlf(
                "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\n"
                + "TO :\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\n"
                + "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\n  ;\n  tag = 98asjd8\n"
                + "MaX-fOrWaRdS: 0068\n"
                + "Call-ID: wsinv.ndaksdj@192.0.2.1\n"
                + "Content-Length   : 150\n"
                + "cseq: 0009\n  INVITE\n"
                + "Via  : SIP  /   2.0\n /UDP\n    192.0.2.2;branch=390skdjuw\n"
                + "s :\n"
                + "NewFangledHeader:   newfangled value\n continued newfangled value\n"
                + "UnknownHeaderWithUnusualValue: ;;,,;;,;\n"
                + "Content-Type: application/sdp\n"
                + "Route:\n <sip:services.example.com;lr;unknownwith=value;unknown-no-value>\n"
                + "v:  SIP  / 2.0  / TCP     spindle.example.com   ;\n  branch  =   z9hG4bK9ikj8  ,\n"
                + " SIP  /    2.0   / UDP  192.168.255.111   ; branch=\n z9hG4bK30239\n"
                + "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\n      newvalue ;\n"
                + "  secondparam ; q = 0.33\n\n")
                + sdp(150)),
            arguments("3.1.1.2 wide range of valid characters", Outcome.VALID, crlf(
                "!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0\n"
                + "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~\n"
                + "To: \"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>\n"
                + "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.\n"
                + "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{\n"
                + "CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~\n"
                + "Max-Forwards: 255\n"
                + "extensionHeader-!.%*+_`'~:\uFEFF\u5927\u505C\u96FB\n"
                + "Content-Length: 0\n\n")),
            arguments("3.1.1.3 %-escapes in URIs", Outcome.VALID, crlf(
                "INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0\n"
                + "To: sip:%75se%72@example.com\nFrom: <sip:I%20have%20spaces@example.net>;tag=938\n"
                + "Max-Forwards: 87\ni: esc01.239409asdfakjkn23onasd0-3234\nCSeq: 234234 INVITE\n"
                + "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw\n"
                + "C: application/sdp\nContact:\n  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>\n"
                + "Content-Length: 150\n\n") + sdp(150)),
            arguments("3.1.1.4 escaped nulls", Outcome.VALID, crlf(
                "REGISTER sip:example.com SIP/2.0\nTo: sip:null-%00-null@example.com\n"
                + "From: sip:null-%00-null@example.com;tag=839923423\nMax-Forwards: 70\n"
                + "Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd\nCSeq: 14398234 REGISTER\n"
                + "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw\n"
                + "Contact: <sip:%00@host5.example.com>\nContact: <sip:%00%00@host5.example.com>\n"
                + "L:0\n\n")),
            arguments("3.1.1.5 % that is not an escape", Outcome.VALID, crlf(
                "RE%47IST%45R sip:registrar.example.com SIP/2.0\nTo: \"%Z%45\" <sip:resource@example.com>\n"
                + "From: \"%Z%45\" <sip:resource@example.com>;tag=f232jadfj23\n"
                + "Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf\n"
                + "Via: SIP/2.0/TCP host.example.com;rport;branch=z9hG4bK209%fzsnel234\n"
                + "CSeq: 29344 RE%47IST%45R\nMax-Forwards: 70\n"
                + "Contact: <sip:alias1@host1.example.com>\nC%6Fntact: <sip:alias2@host2.example.com>\n"
                + "Contact: <sip:alias3@host3.example.com>\nl: 0\n\n")),
            arguments("3.1.1.6 no LWS between display name and <", Outcome.VALID, crlf(
                "OPTIONS sip:user@example.com SIP/2.0\nTo: sip:user@example.com\n"
                + "From: caller<sip:caller@example.com>;tag=323\nMax-Forwards: 70\n"
                + "Call-ID: lwsdisp.1234abcd@funky.example.com\nCSeq: 60 OPTIONS\n"
                + "Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw\nl: 0\n\n")),
            arguments("3.1.1.7 long values in header fields", Outcome.VALID, crlf(
                "INVITE sip:user@example.com SIP/2.0\n"
                + "To: \"I have a user name of " + "extreme".repeat(40) + " proportion\"<sip:user@example.com:6000;unknownparam1=very" + "long".repeat(50) + "value;longparam" + "name".repeat(30) + "=shortvalue>\n"
                + "F: sip:" + "amazinglylongcallername".repeat(5) + "@example.net;tag=12" + "98".repeat(100) + ";unknownheaderparam" + "name".repeat(20) + "=unknowheaderparamvalue" + "value".repeat(40) + ";unknownValueless" + "paramname".repeat(20) + "\n"
                + "Call-ID: longreq." + "onereallyreallyreallyreallylongcallid".repeat(20) + "\n"
                + "CSeq: 3882340 INVITE\n"
                + "Unknown-" + "LongLong".repeat(20) + "-Name: unknown-" + "long".repeat(40) + "-value; unknown-" + "long".repeat(20) + "-parameter-name = unknown-" + "long".repeat(20) + "-parameter-value\n"
                + ("Via: SIP/2.0/TCP sip33.example.com;branch=z9hG4bK" + "longbranch".repeat(3) + "\n").repeat(34)
                + "Max-Forwards: 70\nContact: <sip:amazinglylongcallername@host5.example.net>\n"
                + "Content-Type: application/sdp\nl: 150\n\n") + sdp(150)),
            arguments("3.1.1.8 extra octets after the datagram's message", Outcome.VALID, crlf(
                "REGISTER sip:example.com SIP/2.0\nTo: sip:j.user@example.com\n"
                + "From: sip:j.user@example.com;tag=43251j3j324\nMax-Forwards: 8\nI: dblreq.0ha0isndaksdj99sdfafnl3lk233412\n"
                + "Contact: sip:j.user@host.example.com\nCSeq: 8 REGISTER\n"
                + "Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492\nContent-Length: 0\n\n"
                + "INVITE sip:joe@example.com SIP/2.0\nt: sip:joe@example.com\n\n")),
            arguments("3.1.1.9 semicolons in the user part", Outcome.VALID, crlf(
                "OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0\nTo: sip:j_user@example.com\n"
                + "From: sip:caller@example.org;tag=33242\nMax-Forwards: 3\n"
                + "Call-ID: semiuri.0ha0isndaksdj\nCSeq: 8 OPTIONS\nAccept: application/sdp, application/pkcs7-mime,\n"
                + "        multipart/mixed, multipart/signed,\n        message/sip, message/sipfrag\n"
                + "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw\nl: 0\n\n")),
            arguments("3.1.1.10 varied and unknown transports", Outcome.VALID, crlf(
                "OPTIONS sip:user@example.com SIP/2.0\nTo: sip:user@example.com\n"
                + "From: <sip:caller@example.com>;tag=323\nMax-Forwards: 70\n"
                + "Call-ID:  transports.kijh4akdnaqjkwendsasfdj\nAccept: application/sdp\nCSeq: 60 OPTIONS\n"
                + "Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw\nVia: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf\n"
                + "Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj\nVia: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en\n"
                + "Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee\nl: 0\n\n")),
            arguments("3.1.1.11 multipart body", Outcome.VALID, multipart()),
            arguments("3.1.1.12 unusual reason phrase", Outcome.VALID, crlf(
                "SIP/2.0 200 = 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e \u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e \u0434\u0435\u0432\u044f\u0442\u044c - \u043f\u0440\u043e\u0441\u0442\u043e\u0435\n"
                + "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\nCall-ID: unreason.1234ksdfak3j2erwedfsASdf\n"
                + "CSeq: 35 INVITE\nFrom: sip:user@example.com;tag=11141343\nTo: sip:user@example.edu;tag=2229\n"
                + "Content-Length: 0\n\n")),
            arguments("3.1.1.13 empty reason phrase", Outcome.VALID, crlf(
                "SIP/2.0 100 \nVia: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\nCall-ID: noreason.asndj203insdf99223ndf\n"
                + "CSeq: 35 INVITE\nFrom: <sip:user@example.com>;tag=39ansfi3\nTo: <sip:user@example.edu>;tag=902jndnke3\n"
                + "Content-Length: 0\n\n")),

            // ---- RFC 4475 3.1.2: invalid messages
            arguments("3.1.2.1 extraneous header separators", Outcome.VIEW_ERROR, request("INVITE",
                "Via: SIP/2.0/UDP 192.0.2.15;;,;,,\nTo: sip:j.user@example.com\nFrom: sip:caller@example.net;;tag=134161461246\n")),
            arguments("3.1.2.2 Content-Length larger than message", Outcome.DECODE_ERROR, crlf(
                "INVITE sip:user@example.com SIP/2.0\nMax-Forwards: 80\nTo: sip:j.user@example.com\n"
                + "From: sip:caller@example.net;tag=93942939o2\nContact: <sip:caller@hungry.example.net>\n"
                + "Call-ID: clerr.0ha0isndaksdjweiafasdk3\nCSeq: 8 INVITE\n"
                + "Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523\n"
                + "Content-Type: application/sdp\nContent-Length: 9999\n\n") + sdp(150)),
            arguments("3.1.2.3 negative Content-Length", Outcome.DECODE_ERROR, request("INVITE", "Content-Length: -999\n")),
            arguments("3.1.2.4 request scalars too large", Outcome.DECODE_ERROR, crlf(
                "REGISTER sip:example.com SIP/2.0\nVia: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3\n"
                + "To: <sip:user@example.com>\nFrom: <sip:user@example.com>;tag=239232jh3\n"
                + "CSeq: 36893488147419103232 REGISTER\nCall-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32\n"
                + "Max-Forwards: 300\nExpires: 1" + "0".repeat(40) + "\nContact: <sip:user@host129.example.com>\n"
                + "  ;expires=280297596632815\nContent-Length: 0\n\n")),
            arguments("3.1.2.5 response scalars too large", Outcome.DECODE_ERROR, crlf(
                "SIP/2.0 503 Service Unavailable\nVia: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129\n"
                + "To: <sip:user@example.com>\nFrom: <sip:other@example.net>;tag=2easdjfejw\n"
                + "CSeq: 9292394834772304023312 OPTIONS\nCall-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r\n"
                + "Retry-After: 949302838503028349304023988\nWarning: 1812 overture \"In Progress\"\nContent-Length: 0\n\n")),
            arguments("3.1.2.6 unterminated quoted display name", Outcome.VIEW_ERROR, request("INVITE",
                "To: \"Mr. J. User <sip:j.user@example.com>\nFrom: sip:caller@example.net;tag=93334\n")),
            arguments("3.1.2.7 Request-URI in <>", Outcome.DECODE_ERROR, crlf(
                "INVITE <sip:user@example.com> SIP/2.0\nTo: sip:user@example.com\nFrom: sip:caller@example.net;tag=39291\n"
                + "Max-Forwards: 23\nCall-ID: ltgtruri.1@192.0.2.5\nCSeq: 1 INVITE\nVia: SIP/2.0/UDP 192.0.2.5\n"
                + "Content-Length: 0\n\n")),
            arguments("3.1.2.8 whitespace inside the Request-URI", Outcome.DECODE_ERROR, crlf(
                "INVITE sip:user@example.com; lr SIP/2.0\nTo: sip:user@example.com;tag=3xfe-9921883-z9f\n"
                + "From: sip:caller@example.net;tag=231413434\nMax-Forwards: 5\nCall-ID: lwsruri.asdfasdoeoi2323-asdfwrn23-asd834rk423\n"
                + "CSeq: 2130706432 INVITE\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKkdjuw2395\nContent-Length: 0\n\n")),
            arguments("3.1.2.9 several SP in the request line", Outcome.DECODE_ERROR, crlf(
                "INVITE  sip:user@example.com  SIP/2.0\nMax-Forwards: 8\nTo: sip:user@example.com\n"
                + "From: sip:caller@example.net;tag=8814\nCall-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com\n"
                + "CSeq: 1893884 INVITE\nVia: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw3923\nContent-Length: 0\n\n")),
            arguments("3.1.2.10 SP after the version", Outcome.DECODE_ERROR, crlf(
                "OPTIONS sip:remote-target@example.com SIP/2.0  \nVia: SIP/2.0/TCP host1.example.com;branch=z9hG4bK299342093\n"
                + "To: <sip:remote-target@example.com>\nFrom: <sip:local-resource@example.com>;tag=329429089\n"
                + "Call-ID: trws.oicu34958239neffasdhr2345r\nAccept: application/sdp\nCSeq: 238923 OPTIONS\n"
                + "Max-Forwards: 70\nContent-Length: 0\n\n")),
            arguments("3.1.2.11 headers in the Request-URI", Outcome.VIEW_ERROR, crlf(
                "INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0\nTo: sip:user@example.com\n"
                + "From: sip:caller@example.net;tag=341518\nMax-Forwards: 7\nContact: <sip:caller@host39923.example.net>\n"
                + "Call-ID: escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5\nCSeq: 39234321 INVITE\n"
                + "Via: SIP/2.0/UDP host-of-the-caller.example.net;branch=z9hG4bKkdjuw\nContent-Length: 0\n\n")),
            arguments("3.1.2.13 name-addr URI not in <>", Outcome.VIEW_ERROR, request("REGISTER",
                "To: sip:user@example.com\nFrom: sip:user@example.com;tag=998332\n"
                + "Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E\n")),
            arguments("3.1.2.14 spaces within an addr-spec", Outcome.VIEW_ERROR, request("OPTIONS",
                "To: sip:user@example.com\nFrom: <sip: caller@example.com>;tag=8814\n")),
            arguments("3.1.2.15 non-token characters in a display name", Outcome.VIEW_ERROR, request("OPTIONS",
                "To: \"Watson, Thomas\" <sip:t.watson@example.org>\nFrom: Bell, Alexander <sip:a.g.bell@example.com>;tag=43\n")),
            arguments("3.1.2.16 unknown protocol version", Outcome.DECODE_ERROR, crlf(
                "OPTIONS sip:t.watson@example.org SIP/7.0\nVia:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw\n"
                + "Max-Forwards:     70\nFrom:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe\n"
                + "To:      T. Watson <sip:t.watson@example.org>\nCall-ID: badvers.31417@c.example.com\n"
                + "CSeq:    1 OPTIONS\nl: 0\n\n")),
            arguments("3.1.2.17 start line and CSeq method mismatch", Outcome.DECODE_ERROR, crlf(
                "OPTIONS sip:user@example.com SIP/2.0\nTo: sip:j.user@example.com\nFrom: sip:caller@example.net;tag=34525\n"
                + "Max-Forwards: 6\nCall-ID: mismatch01.dj0234sxdfl3\nCSeq: 8 INVITE\n"
                + "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw\nl: 0\n\n")),
            arguments("3.1.2.18 unknown method and CSeq mismatch", Outcome.DECODE_ERROR, crlf(
                "NEWMETHOD sip:user@example.com SIP/2.0\nTo: sip:j.user@example.com\nFrom: sip:caller@example.net;tag=34525\n"
                + "Max-Forwards: 6\nCall-ID: mismatch02.dj0234sxdfl3\nCSeq: 8 INVITE\n"
                + "Contact: <sip:caller@host.example.net>\nVia: SIP/2.0/UDP host.example.net;branch=z9hG4bKkdjuw\n"
                + "Content-Type: application/sdp\nl: 138\n\n") + sdp(138)),
            arguments("3.1.2.19 overlarge response code", Outcome.DECODE_ERROR, crlf(
                "SIP/2.0 4294967301 better not break the receiver\nVia: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\n"
                + "Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i\nCSeq: 353494 INVITE\n"
                + "From: <sip:user@example.com>;tag=39ansfi3\nTo: <sip:user@example.edu>;tag=902jndnke3\n"
                + "Content-Length: 0\nContact: <sip:user@host105.example.com>\n\n")),

            // ---- RFC 4475 3.2 and 3.3: transaction and application semantics (syntax is fine)
            arguments("3.2.1 branch without the magic cookie", Outcome.VALID, request("OPTIONS",
                "To: sip:user@example.com\nFrom: sip:caller@example.org;tag=33242\n").replace("branch=z9hG4bKkdjuw", "branch=kdjuw")),
            arguments("3.3.1 missing required header", Outcome.DECODE_ERROR, crlf(
                "INVITE sip:user@example.com SIP/2.0\nCSeq: 193942 INVITE\nVia: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf\n"
                + "Content-Type: application/sdp\nl: 150\n\n") + sdp(150)),
            arguments("3.3.2 unknown Request-URI scheme (416 is the call layer's)", Outcome.VALID, crlf(
                "OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0\nTo: sip:user@example.com\n"
                + "From: sip:caller@example.net;tag=384\nMax-Forwards: 3\nCall-ID: unkscm.nasdfasser0q239nwsdfasdkl34\n"
                + "CSeq: 3923423 OPTIONS\nVia: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234\nContent-Length: 0\n\n")),
            arguments("3.3.4 unknown URI schemes in headers", Outcome.VALID, request("REGISTER",
                "To: isbn:2983792873\nFrom: <http://www.example.com>;tag=3234233\n"
                + "Contact: <name:John_Smith>\nContact: <isbn:2983792873>\n")),
            arguments("3.3.5 Proxy-Require and Require", Outcome.VALID, request("OPTIONS",
                "To: sip:j_user@example.com\nFrom: sip:caller@example.net;tag=242etr\n"
                + "Require: nothingSupportsThis, nothingSupportsThisEither\nProxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis\n")),
            arguments("3.3.6 unknown Content-Type", Outcome.VALID, request("INVITE",
                "To: sip:j_user@example.com\nFrom: sip:caller@example.net;tag=234\n"
                + "Content-Type: application/unknownformat\n").replace("Content-Length: 0", "Content-Length: 2") + "??"),
            arguments("3.3.7 unknown authorization scheme", Outcome.VALID, request("REGISTER",
                "To: sip:j.user@example.com\nFrom: sip:j.user@example.com;tag=87321hj23128\n"
                + "Authorization: NoOneKnowsThisScheme opaque-data=here\n")),
            arguments("3.3.8 several values in single-value headers", Outcome.DECODE_ERROR, request("INVITE",
                "To: sip:j.user@example.com\nFrom: sip:caller@example.net;tag=93942939o2\n"
                + "From: sip:caller@example.net;tag=2923420123\n")),
            arguments("3.3.9 several Content-Length values", Outcome.DECODE_ERROR, request("INVITE",
                "To: sip:j.user@example.com\nFrom: sip:caller@example.net;tag=93942939o2\nContent-Length: 1\n")),
            arguments("3.3.10 broadcast sent-by", Outcome.VALID, crlf(
                "SIP/2.0 200 OK\nVia: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\n"
                + "Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23\nCall-ID: bcast.0384840201234ksdfak3j2erwedfsASdf\n"
                + "CSeq: 35 INVITE\nFrom: sip:user@example.com;tag=11141343\nTo: sip:user@example.edu;tag=2229\n"
                + "Content-Length: 0\nContact: <sip:user@host28.example.com>\n\n")),
            arguments("3.3.11 Max-Forwards of zero (483 is the call layer's)", Outcome.VALID, request("OPTIONS",
                "To: sip:user@example.com\nFrom: sip:caller@example.net;tag=3ghsd41\n").replace("Max-Forwards: 70", "Max-Forwards: 0")),
            arguments("3.3.12 Contact parameters", Outcome.VALID, request("REGISTER",
                "To: sip:user@example.com\nFrom: sip:user@example.com;tag=8\n"
                + "Contact: sip:user@host4.example.com;expires=60\n")),
            arguments("3.3.14 escaped Route header in a Contact URI", Outcome.VALID, request("REGISTER",
                "To: sip:user@example.com\nFrom: sip:user@example.com;tag=998332\n"
                + "Contact: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>\n")),
            arguments("3.4.1 RFC 2543 syntax", Outcome.VALID, crlf(
                "INVITE sip:UserB@example.com SIP/2.0\nVia: SIP/2.0/UDP iftgw.example.com\n"
                + "From: <sip:+13035551111@ift.client.example.net;user=phone>\nRecord-Route: <sip:UserB@example.com;maddr=ss1.example.com>\n"
                + "To: sip:+16505552222@ss1.example.net;user=phone\nCall-ID: inv2543.1717@ift.client.example.com\n"
                + "CSeq: 56 INVITE\nContent-Type: application/sdp\n\n") + sdp(150)),

            // ---- RFC 5118: IPv6
            arguments("5118 3.1 IPv6 reference in Request-URI and Via", Outcome.VALID, crlf(
                "REGISTER sip:[2001:db8::10] SIP/2.0\nTo: sip:user@example.com\nFrom: sip:user@example.com;tag=81x2\n"
                + "Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111\nCall-ID: SSG9559905523997077@hlau_4100\n"
                + "Max-Forwards: 70\nContact: \"Caller\" <sip:caller@[2001:db8::1]>\nCSeq: 98176 REGISTER\nContent-Length: 0\n\n")),
            arguments("5118 3.2 IPv6 without brackets", Outcome.VIEW_ERROR, crlf(
                "REGISTER sip:2001:db8::10 SIP/2.0\nTo: sip:user@example.com\nFrom: sip:user@example.com;tag=81x2\n"
                + "Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111\nCall-ID: SSG9559905523997077@hlau_4100\n"
                + "Max-Forwards: 70\nCSeq: 98176 REGISTER\nContent-Length: 0\n\n")),
            arguments("5118 3.3 port ambiguous and unambiguous", Outcome.VALID, crlf(
                "REGISTER sip:[2001:db8::10:5070] SIP/2.0\nTo: sip:user@example.com\nFrom: sip:user@example.com;tag=1\n"
                + "Via: SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111\nCall-ID: SSG95523997077@hlau_4100\n"
                + "Contact: \"Caller\" <sip:caller@[2001:db8::1]:5070>\nMax-Forwards: 70\nCSeq: 98176 REGISTER\nContent-Length: 0\n\n")),
            arguments("5118 3.4 IPv6 in received, with and without brackets", Outcome.VALID, crlf(
                "BYE sip:[2001:db8::10] SIP/2.0\nTo: sip:user@example.com;tag=bd76ya\nFrom: sip:user@example.com;tag=81x2\n"
                + "Via: SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=[2001:db8::9:255]\n"
                + "Via: SIP/2.0/UDP [2001:db8::9:2];branch=z9hG4bKas3-112;received=2001:db8::9:256\n"
                + "Call-ID: SSG9559905523997077@hlau_4100\nMax-Forwards: 70\nCSeq: 321 BYE\nContent-Length: 0\n\n")),
            arguments("5118 3.5 IPv4-mapped IPv6", Outcome.VALID, crlf(
                "INVITE sip:user@[::ffff:192.0.2.10] SIP/2.0\nTo: sip:user@[::ffff:192.0.2.10]\n"
                + "From: sip:user@example.com;tag=81x2\nVia: SIP/2.0/UDP [::ffff:192.0.2.20]:5060;branch=z9hG4bKas3-111\n"
                + "Call-ID: SSG9559905523997077@hlau_4100\nMax-Forwards: 70\nCSeq: 8612 INVITE\nContent-Length: 0\n\n")),
            arguments("5118 unterminated IPv6 reference", Outcome.VIEW_ERROR, crlf(
                "OPTIONS sip:user@[2001:db8::10 SIP/2.0\nTo: sip:user@example.com\nFrom: sip:user@example.com;tag=1\n"
                + "Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111\nCall-ID: a@b\n"
                + "Max-Forwards: 70\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n")),
            arguments("5118 unterminated IPv6 reference in Via", Outcome.DECODE_ERROR, crlf(
                "OPTIONS sip:user@example.com SIP/2.0\nTo: sip:user@example.com\nFrom: sip:user@example.com;tag=1\n"
                + "Via: SIP/2.0/UDP [2001:db8::9:1;branch=z9hG4bKas3-111\nCall-ID: a@b\n"
                + "Max-Forwards: 70\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void torture(String name, Outcome expected, String text) {
        Object result = Parse.datagram(text);
        try {
            switch (expected) {
                case VALID:
                    assertThat(result).as(name).isInstanceOf(SipMessage.class);
                    ((SipMessage) result).parseAll();
                    break;
                case DECODE_ERROR:
                    assertThat(result).as(name).isInstanceOf(SipDecodeError.class);
                    assertThat(((SipDecodeError) result).reason()).isNotBlank();
                    break;
                case VIEW_ERROR:
                    assertThat(result).as(name).isInstanceOf(SipMessage.class);
                    assertThatThrownBy(((SipMessage) result)::parseAll).as(name).isInstanceOf(SipParseException.class);
                    break;
                default:
                    throw new AssertionError(expected);
            }
        } finally {
            io.netty.util.ReferenceCountUtil.release(result);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPrefixAndTruncationIsHandledWithoutThrowing(String name, Outcome expected, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int len = 0; len <= bytes.length; len += Math.max(1, bytes.length / 97)) {
            Object result = Parse.datagram(java.util.Arrays.copyOf(bytes, len));
            try {
                if (result instanceof SipRequest) {
                    try {
                        ((SipRequest) result).parseAll();
                    } catch (SipParseException expectedForSomePrefixes) {
                        // a refusal is a clean result
                    }
                }
            } finally {
                io.netty.util.ReferenceCountUtil.release(result);
            }
        }
    }

    /** A request with the routing headers filled in around {@code headers}. */
    private static String request(String method, String headers) {
        return crlf(method + " sip:user@example.com SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw\n"
                + "Max-Forwards: 70\n"
                + "CSeq: 1 " + method + "\n"
                + headers
                + TAIL);
    }

    /** An SDP body of exactly {@code length} bytes. */
    private static String sdp(int length) {
        String base = crlf("v=0\no=mhandley 29739 7272939 IN IP4 192.0.2.3\ns=-\nc=IN IP4 192.0.2.4\nt=0 0\nm=audio 49217 RTP/AVP 0 12\n");
        StringBuilder sb = new StringBuilder(base);
        String pad = "a=x-pad:";
        if (sb.length() + pad.length() + 2 > length) {
            return sb.substring(0, length);
        }
        sb.append(pad);
        while (sb.length() < length - 2) {
            sb.append('z');
        }
        return sb.append("\r\n").toString();
    }

    private static String multipart() {
        String body = crlf("--boundary42\nContent-Type: application/sdp\n\nv=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n"
                + "c=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n\n--boundary42\n"
                + "Content-Type: application/pkcs7-signature; name=smime.p7s\nContent-Transfer-Encoding: binary\n\n"
                + "0\u0082\u0001\u00f9\n--boundary42--\n");
        int len = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return crlf("MESSAGE sip:kumiko@example.org SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport\n"
                + "Max-Forwards: 70\nRoute: <sip:127.0.0.1:5080>\nIdentity: r5mwreLuyDRYBi/0TiPwEsY3rEVsk/G2WxhgTV1PF7hHuL\n"
                + "  fH+BavL+jyVBhIZ7Ofss6ZMq1IQwi0ixYMW+YKdaDt0NcL3HYpG4mbRxi\nContact: <sip:fluffy@127.0.0.1:5070>\n"
                + "To: <sip:kumiko@example.org>\nFrom: <sip:fluffy@example.com>;tag=2fb0dcc9\n"
                + "Call-ID: 3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..\nCSeq: 1 MESSAGE\n"
                + "Content-Transfer-Encoding: binary\nContent-Type: multipart/mixed;boundary=boundary42\n"
                + "Content-Length: " + len + "\n\n") + body;
    }
}
