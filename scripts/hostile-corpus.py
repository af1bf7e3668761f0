#!/usr/bin/env python3
"""Writes the hostile-input corpus under src/test/resources/hostile/ (committed; HostileCorpusTest reads it).

Each line of predict.jsonl / prepare.jsonl is one case: a name, the payload (`body` as text, or `body_base64` for
bytes that are not UTF-8, or `generate` for one the test builds, such as a 1.1 MB body), whether it arrives inside a
Function URL envelope, and what must come back: the status (or statuses) and a phrase of the answer. Whatever the
case, the answer is JSON, and never a stack trace, a Java class name, a hang or an OutOfMemoryError.
Run it again after changing a case: python3 scripts/hostile-corpus.py
"""
import base64
import json
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "hostile")
cases = []


def case(name, body=None, status=400, contains=None, envelope=None, raw=None, generate=None):
    entry = {"name": name, "status": status if isinstance(status, list) else [status]}
    if raw is not None:
        entry["body_base64"] = base64.b64encode(raw).decode()
    elif generate is not None:
        entry["generate"] = generate
    else:
        entry["body"] = body
    if envelope is not None:
        entry["envelope"] = envelope
    if contains is not None:
        entry["contains"] = contains
    cases.append(entry)


TOPK = '{"instances":[{"user":"u3","k":5,"exclude":["i2"],"genres":["Comedy"]}]}'
PAIRS = '{"instances":[{"user":"u1","item":"i1"},{"user":"u2","item":"i5"}]}'
COLUMNAR = '{"inputs":{"user":["u1","u2"],"item":["i1","i2"]}}'

# --- not JSON at all, or not quite ---
case("empty body", "", contains="body is empty")
case("only whitespace", "  \n\t ", contains="no JSON value")
for source, label in ((TOPK, "top-K"), (PAIRS, "pairs"), (COLUMNAR, "columnar")):
    for cut in range(1, len(source), max(1, len(source) // 18)):
        case("%s truncated at %d" % (label, cut), source[:cut], contains="not valid JSON")
case("block comment", "/* hi */ " + TOPK, contains="not valid JSON")
case("line comment", "// hi\n" + TOPK, contains="not valid JSON")
case("trailing comment", TOPK + " // bye", contains="not valid JSON")
case("single quotes", TOPK.replace('"', "'"), contains="not valid JSON")
case("unquoted keys", '{instances:[{user:"u1",k:3}]}', contains="not valid JSON")
for literal in ("NaN", "Infinity", "-Infinity", "+1", "007", "0x10", ".5", "1.", "1e", "--1", "undefined", "None", "True"):
    case("k as %s" % literal, '{"instances":[{"user":"u1","k":%s}]}' % literal, contains="not valid JSON")
case("trailing comma in array", '{"instances":[{"user":"u1","k":3},]}', contains="not valid JSON")
case("trailing comma in object", '{"instances":[{"user":"u1","k":3,}]}', contains="not valid JSON")
case("trailing garbage", TOPK + " x", contains="not valid JSON")
case("two documents", TOPK + TOPK, contains="not valid JSON")
case("bad escape", '{"instances":[{"user":"u\\x41","k":3}]}', contains="not valid JSON")
case("raw control character in a string", '{"instances":[{"user":"u\x01","k":3}]}', contains="not valid JSON")
case("raw newline in a string", '{"instances":[{"user":"u\n1","k":3}]}', contains="not valid JSON")
case("unterminated string", '{"instances":[{"user":"u1', contains="not valid JSON")
case("lone surrogate escape is an id nobody has", '{"instances":[{"user":"\\ud800","k":3}]}', status=200, contains="fallback")
for label, bad in (("0xff", b"\xff"), ("0xc3 0x28", b"\xc3\x28"), ("overlong slash", b"\xc0\xaf"),
                   ("encoded surrogate", b"\xed\xa0\x80"), ("truncated sequence", b"\xe2\x82"), ("0xfe", b"\xfe"),
                   ("continuation only", b"\x80"), ("five-byte form", b"\xf8\x88\x80\x80\x80")):
    case("invalid UTF-8 (%s) in an id" % label, raw=b'{"instances":[{"user":"u' + bad + b'","k":3}]}', contains="not valid UTF-8")
case("invalid UTF-8 outside strings", raw=b'{"instances"\xff:[]}', contains="not valid UTF-8")
case("UTF-16 body with a BOM", raw=TOPK.encode("utf-16"), contains="UTF-16")
case("UTF-16 body without a BOM", raw=TOPK.encode("utf-16-le"), contains="NUL byte")
case("UTF-32 body", raw=TOPK.encode("utf-32-be"), contains="NUL byte")
case("a NUL byte in a string", raw=b'{"instances":[{"user":"u\x00","k":3}]}', contains="NUL byte")
case("a BOM before the body", raw=b"\xef\xbb\xbf" + TOPK.encode(), status=[200, 400])
case("10,000 nested arrays", "[" * 10000 + "]" * 10000, contains="nested deeper than 64 levels")
case("10,000 nested objects", '{"a":' * 10000 + "1" + "}" * 10000, contains="nested deeper than 64 levels")
case("nesting inside an instance", '{"instances":[{"user":' + "[" * 100 + "]" * 100 + ',"k":3}]}', contains="nested deeper")
case("a 1000-digit number", '{"instances":[{"user":"u1","k":%s}]}' % ("9" * 1000), contains="number longer than 64")
case("1e999999", '{"instances":[{"user":"u1","k":1e999999}]}', contains="k must be a whole number")
case("duplicate key k", '{"instances":[{"user":"u1","k":3,"k":4}]}', contains="Duplicate field 'k'")
case("duplicate key instances", '{"instances":[{"user":"u1","k":3}],"instances":[]}', contains="Duplicate field 'instances'")
case("duplicate key user", '{"instances":[{"user":"u1","user":"u2","item":"i1"}]}', contains="Duplicate field 'user'")

# --- JSON, but not a request ---
for label, body in (("null", "null"), ("a number", "42"), ("a string", '"hello"'), ("true", "true"), ("an array", "[1,2,3]"),
                    ("an empty array", "[]")):
    case("body is %s" % label, body, contains="body must be a JSON object")
case("empty object", "{}", contains="give exactly one of")
case("both instances and inputs", '{"instances":[],"inputs":{}}', contains="give exactly one of")
case("unknown top-level field", '{"instances":[{"user":"u1","k":3}],"model":"x"}', contains="unknown field 'model'")
case("instances is an object", '{"instances":{}}', contains="instances must be an array")
case("instances is a string", '{"instances":"u1"}', contains="instances must be an array")
case("instances is null", '{"instances":null}', contains="instances must be an array")
case("instances is empty", '{"instances":[]}', contains="instances is empty")
case("instances of numbers", '{"instances":[1,2]}', contains="instances[0] must be an object")
case("second instance not an object", '{"instances":[{"user":"u1","k":3},[]]}', contains="instances[1] must be an object")
case("1001 instances", '{"instances":[' + ",".join(['{"user":"u1","item":"i1"}'] * 1001) + "]}", contains="at most 1000 per request")
for label, value in (("0", "0"), ("-1", "-1"), ("1001", "1001"), ("2^31", "2147483648"), ("2^63", "9223372036854775808"),
                     ("2^64+10", "18446744073709551626"), ("-2^63", "-9223372036854775808"), ("2.5", "2.5"), ("1.0", "1.0"),
                     ("a string", '"10"'), ("true", "true"), ("null", "null"), ("an array", "[10]"), ("an object", '{"n":10}'),
                     ("1e2", "1e2")):
    case("k is %s" % label, '{"instances":[{"user":"u1","k":%s}]}' % value, contains="k must be a whole number between 1 and 1000")
for label, value in (("empty", '""'), ("null", "null"), ("an object", "{}"), ("an array", '["u1"]'), ("true", "true"),
                     ("a fraction", "1.5"), ("300 characters", '"' + "u" * 300 + '"')):
    case("user is %s" % label, '{"instances":[{"user":%s,"k":3}]}' % value, contains="user")
case("user missing in top-K", '{"instances":[{"k":3}]}', contains="instances[0].user is missing")
case("item missing in a pair", '{"instances":[{"user":"u1"}]}', contains="instances[0].item is missing")
case("item is an array", '{"instances":[{"user":"u1","item":["i1"]}]}', contains="instances[0].item must be a non-empty string")
case("unknown instance field", '{"instances":[{"user":"u1","k":3,"boost":true}]}', contains="unknown field 'boost'")
case("pair after top-K", '{"instances":[{"user":"u1","k":3},{"user":"u1","item":"i1"}]}', contains="instances[1]")
case("top-K after a pair", '{"instances":[{"user":"u1","item":"i1"},{"user":"u1","k":3}]}', contains="instances[1]")
case("exclude is a string", '{"instances":[{"user":"u1","k":3,"exclude":"i1"}]}', contains="exclude must be an array")
case("exclude of objects", '{"instances":[{"user":"u1","k":3,"exclude":[{}]}]}', contains="exclude[0] must be")
case("exclude over its limit", '{"instances":[{"user":"u1","k":3,"exclude":[' + ",".join(['"i1"'] * 10001) + "]}]}", contains="at most 10000")
case("include of nulls", '{"instances":[{"user":"u1","k":3,"include":[null]}]}', contains="include[0] must be")
case("genres empty", '{"instances":[{"user":"u1","k":3,"genres":[]}]}', contains="genres must be a non-empty array")
case("genres of numbers", '{"instances":[{"user":"u1","k":3,"genres":[7]}]}', contains="genres[0] must be a string")
case("genres is a string", '{"instances":[{"user":"u1","k":3,"genres":"Comedy"}]}', contains="genres must be a non-empty array")
case("inputs is an array", '{"inputs":[1,2]}', contains="inputs must be an object")
case("inputs without item", '{"inputs":{"user":["u1"]}}', contains="arrays")
case("inputs of strings", '{"inputs":{"user":"u1","item":"i1"}}', contains="must be arrays")
case("inputs of different lengths", '{"inputs":{"user":["u1","u2"],"item":["i1"]}}', contains="inputs.user has 2 entries but inputs.item has 1")
case("inputs empty", '{"inputs":{"user":[],"item":[]}}', contains="inputs.user is empty")
case("inputs with a null id", '{"inputs":{"user":["u1"],"item":[null]}}', contains="inputs.item[0] must be")
case("inputs with an extra column", '{"inputs":{"user":["u1"],"item":["i1"],"k":[3]}}', contains="unknown field 'k'")
hot30 = ",".join(["1"] + ["0"] * 29)
hot40 = ",".join(["1"] + ["0"] * 39)
case("one-hot too short", '{"instances":[{"input_1":[1,0],"input_2":[%s]}]}' % hot40, contains="has length 2; the model has 30 users")
case("one-hot missing input_2", '{"instances":[{"input_1":[%s]}]}' % hot30, contains="input_2 must be a one-hot array")
case("one-hot with a 2", '{"instances":[{"input_1":[%s],"input_2":[%s]}]}' % (hot30.replace("1", "2", 1), hot40), contains="must be 0 or 1")
case("one-hot with two ones", '{"instances":[{"input_1":[%s],"input_2":[%s]}]}' % ("1,1" + ",0" * 28, hot40), contains="more than one 1")
case("one-hot with no one", '{"instances":[{"input_1":[%s],"input_2":[%s]}]}' % (",".join(["0"] * 30), hot40), contains="has no 1")
case("one-hot of strings", '{"instances":[{"input_1":[%s],"input_2":[%s]}]}' % (",".join(['"1"'] + ['"0"'] * 29), hot40), contains="must be 0 or 1")

# --- over a limit ---
case("a body of 1.1 MB", generate="pad:1100000", status=413, contains="at most 1048576")
case("1000 instances of k 1000", '{"instances":[' + ",".join(['{"user":"u1","k":1000}'] * 1000) + "]}", status=413,
     contains="a Lambda answer can carry")
case("400 instances of k 1000", '{"instances":[' + ",".join('{"user":"u%d","k":1000}' % (i % 30 + 1) for i in range(400)) + "]}",
     status=413, contains="ask for fewer instances or a smaller k")
case("a payload past Lambda's 6 MB", generate="pad:6400000", status=413, contains="payload is over")

# --- odd but valid: answered, problems reported ---
case("the sample top-K", TOPK, status=200, contains='"predictions"')
case("the sample pairs", PAIRS, status=200, contains='"predictions"')
case("the sample columnar", COLUMNAR, status=200, contains='"predictions"')
case("signature_name is accepted", '{"signature_name":"serving_default","instances":[{"user":"u1","item":"i1"}]}', status=200)
case("unknown user falls back to popular", '{"instances":[{"user":"nobody","k":3}]}', status=200, contains='"fallback":"popular"')
case("numeric ids are read as text", '{"instances":[{"user":7,"k":3}]}', status=200, contains='"fallback":"popular"')
case("unknown item in a pair", '{"instances":[{"user":"u1","item":"nothing"}]}', status=200, contains="unknown item 'nothing'")
case("unknown user in a pair", '{"instances":[{"user":"nobody","item":"i1"}]}', status=200, contains="unknown user 'nobody'")
case("unknown genre reported", '{"instances":[{"user":"u1","k":3,"genres":["Western"]}]}', status=200,
     contains="genres no item of the model has: 'Western'")
case("include of only unknown items reported", '{"instances":[{"user":"u1","k":3,"include":["x1","x2"]}]}', status=200,
     contains="names no item the model knows")
case("include with some unknown items reported", '{"instances":[{"user":"u1","k":3,"include":["i1","x2"]}]}', status=200,
     contains="has items the model does not know: 'x2'")
case("unicode ids", '{"instances":[{"user":"\\u00fcser-\\u6f22\\u5b57-\\ud83d\\ude00","k":2}]}', status=200, contains="fallback")
case("k of 1", '{"instances":[{"user":"u1","k":1}]}', status=200)
case("k of the limit", '{"instances":[{"user":"u1","k":1000}]}', status=200)
case("deep but allowed nesting elsewhere is refused as unknown", '{"instances":[{"user":"u1","k":3,"x":' + "[" * 30 + "]" * 30 + "}]}",
     contains="unknown field 'x'")
case("exclude everything", '{"instances":[{"user":"u1","k":3,"exclude":[' + ",".join('"i%d"' % i for i in range(1, 41)) + "]}]}",
     status=200, contains='"items":[]')

# --- behind the Function URL ---
case("envelope: the sample top-K", TOPK, status=200, envelope={"method": "POST", "path": "/v1/models/lambdarec:predict"})
case("envelope: root path", TOPK, status=200, envelope={"method": "POST", "path": "/"})
case("envelope: model status", None, status=200, envelope={"method": "GET", "path": "/v1/models/lambdarec"}, contains="AVAILABLE")
case("envelope: another model", TOPK, status=404, envelope={"method": "POST", "path": "/v1/models/other:predict"}, contains="Servable not found")
case("envelope: an unknown path", TOPK, status=404, envelope={"method": "POST", "path": "/admin"}, contains="no such path")
case("envelope: traversal in the path", TOPK, status=404, envelope={"method": "POST", "path": "/v1/models/../../etc/passwd"})
case("envelope: GET on predict", None, status=405, envelope={"method": "GET", "path": "/v1/models/lambdarec:predict"})
case("envelope: DELETE on the model", None, status=405, envelope={"method": "DELETE", "path": "/v1/models/lambdarec"})
case("envelope: PUT on root", TOPK, status=405, envelope={"method": "PUT", "path": "/"})
case("envelope: malformed body", TOPK[:-3], status=400, envelope={"method": "POST", "path": "/"}, contains="not valid JSON")
case("envelope: no body on POST", None, status=400, envelope={"method": "POST", "path": "/"}, contains="body is empty")
case("envelope: base64 body", TOPK, status=200, envelope={"method": "POST", "path": "/", "base64": True})
case("envelope: bad base64", "%%%not-base64%%%", status=400, envelope={"method": "POST", "path": "/", "base64_raw": True},
     contains="not valid base64")
case("envelope: base64 of invalid UTF-8", None, status=400,
     envelope={"method": "POST", "path": "/", "base64_bytes": base64.b64encode(b'{"instances":[{"user":"\xff","k":1}]}').decode()},
     contains="not valid UTF-8")
case("envelope: body over the limit", None, status=413, envelope={"method": "POST", "path": "/", "pad": 1100000}, contains="at most 1048576")
case("envelope: body over the limit, base64", None, status=413, envelope={"method": "POST", "path": "/", "pad": 1100000, "base64": True})
case("envelope: body is a number", None, status=400, envelope={"method": "POST", "path": "/", "body_json": 42}, contains="must arrive as a string")
case("envelope: no method", TOPK, status=400, envelope={"method": "", "path": "/"}, contains="requestContext.http.method is missing")
case("envelope: the answer too large", '{"instances":[' + ",".join(['{"user":"u1","k":1000}'] * 1000) + "]}", status=413,
     envelope={"method": "POST", "path": "/"})

with open(os.path.join(OUT, "predict.jsonl"), "w") as out:
    for entry in cases:
        out.write(json.dumps(entry, ensure_ascii=True) + "\n")
print("predict.jsonl:", len(cases), "cases")

# --- prepare: bodies, and hostile files the test makes and uploads under raw/ ---
cases = []
B = "s3://lambdarec-example-bucket/raw/"
case("prepare: empty body", "", contains="body is empty")
case("prepare: not an object", "[]", contains="must be")
case("prepare: malformed", '{"source":"' + B, contains="not valid JSON")
case("prepare: duplicate source", '{"source":"%sa.csv","source":"%sb.csv","format":"csv"}' % (B, B), contains="Duplicate field 'source'")
case("prepare: unknown field", '{"source":"%sa.csv","format":"csv","colour":1}' % B, contains="colour")
case("prepare: no source", '{"format":"csv"}', contains="source")
case("prepare: unknown format", '{"source":"%sa.csv","format":"parquet"}' % B, contains="format")
case("prepare: source not S3", '{"source":"/etc/passwd","format":"csv"}', contains="source")
case("prepare: file URL", '{"source":"file:///etc/passwd","format":"csv"}', contains="source")
case("prepare: missing object", '{"source":"%smissing.csv","format":"csv"}' % B, contains="missing.csv")
case("prepare: bad split", '{"source":"%sa.csv","format":"csv","split":"random:2:1"}' % B, contains="split")
case("prepare: split garbage", '{"source":"%sa.csv","format":"csv","split":"../../x"}' % B, contains="split")
case("prepare: negatives negative", '{"source":"%sa.csv","format":"csv","negatives":-1}' % B, contains="negatives")
case("prepare: negatives 2^64", '{"source":"%sa.csv","format":"csv","negatives":18446744073709551626}' % B, contains="negatives")
case("prepare: negatives as text", '{"source":"%sa.csv","format":"csv","negatives":"4"}' % B, contains="negatives")
case("prepare: NaN threshold", '{"source":"%sa.csv","format":"csv","ratingThreshold":NaN}' % B, contains="not valid JSON")
case("prepare: comments", '/* x */ {"source":"%sa.csv","format":"csv"}' % B, contains="not valid JSON")
case("prepare: 10,000 nested arrays", "[" * 10000 + "]" * 10000, contains="nested deeper than 64 levels")
case("prepare: invalid UTF-8", raw=b'{"source":"s3://b/raw/\xff.csv","format":"csv"}', contains="not valid UTF-8")
case("prepare: S3 event for a bucket key with traversal", json.dumps({"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
     "s3": {"bucket": {"name": "lambdarec-example-bucket"}, "object": {"key": "raw/..%2F..%2Fetc%2Fpasswd", "size": 10}}}]}),
     status=[200, 400])
for kind, contains in (("one-line-zip", "the first line is over 1048576 bytes"), ("row-bomb-zip", "refused as an archive bomb"),
                       ("gz-bomb", "refused as an archive bomb"), ("not-a-zip", "not a readable zip archive"),
                       ("traversal-names-zip", None), ("empty-file", "is empty"), ("mostly-rejects", "max-rejected-fraction"),
                       ("only-rejects", "none of the"),
                       ("binary-garbage", None)):
    case("prepare: hostile file " + kind, generate="file:" + kind, status=[200, 400], contains=contains)

with open(os.path.join(OUT, "prepare.jsonl"), "w") as out:
    for entry in cases:
        out.write(json.dumps(entry, ensure_ascii=True) + "\n")
print("prepare.jsonl:", len(cases), "cases")
