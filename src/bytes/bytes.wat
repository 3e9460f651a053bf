;; Byte routines for output in bulk (src/bytes/wasm.ts): one vectorised pass over ASCII bytes that finds a
;; secret's bytes, or escapes and prefixes lines, where JavaScript's string and Buffer calls cost hundreds of
;; instructions a line. Compiled by `npm run generate` (the wabt package) into bytes.gen.ts.
;;
;; Memory: bytes 0-15 hold the line prefix (`plain`), bytes 16-47 the letters of JSON's short escapes; the
;; caller owns the rest. Every routine may write up to 16 bytes past the end of what it returns as written;
;; `plain` and `json` never write at or past $limit: they stop with -2 when they could (the caller gives
;; them more room and calls again), so room can be set aside for what text usually becomes, not the most.
(module
  (memory (export "memory") 1)
  ;; JSON.stringify's escape letter of each control character, 'u' for those written \u00XX.
  (data (i32.const 16) "uuuuuuuubtnufruuuuuuuuuuuuuuuuuu")

  ;; A byte `plain` does not copy as it is, written at $out: where the output goes on, or -1 (refused).
  ;; A newline is followed by the prefix ($plen bytes of the 16 at address 0), a tab becomes 4 spaces.
  (func $plainByte (param $b i32) (param $out i32) (param $plen i32) (result i32)
    (if (i32.eq (local.get $b) (i32.const 10))
      (then
        (i32.store8 (local.get $out) (i32.const 10))
        (v128.store (i32.add (local.get $out) (i32.const 1)) (v128.load (i32.const 0)))
        (return (i32.add (local.get $out) (i32.add (local.get $plen) (i32.const 1))))))
    (if (i32.eq (local.get $b) (i32.const 9))
      (then
        (i32.store (local.get $out) (i32.const 0x20202020))
        (return (i32.add (local.get $out) (i32.const 4)))))
    (i32.const -1))

  ;; A byte `json` does not copy as it is, written at $out as JSON.stringify escapes it: where the output
  ;; goes on, or -1 for a byte over 0x7f (not ASCII: the caller's text is not what it said).
  (func $jsonByte (param $b i32) (param $out i32) (result i32)
    (local $e i32)
    (if (i32.ge_u (local.get $b) (i32.const 0x80)) (then (return (i32.const -1))))
    (i32.store8 (local.get $out) (i32.const 0x5c))
    (if (i32.ge_u (local.get $b) (i32.const 0x20))
      (then
        ;; `"` or `\`
        (i32.store8 (i32.add (local.get $out) (i32.const 1)) (local.get $b))
        (return (i32.add (local.get $out) (i32.const 2)))))
    (local.set $e (i32.load8_u (i32.add (local.get $b) (i32.const 16))))
    (if (i32.ne (local.get $e) (i32.const 0x75))
      (then
        (i32.store8 (i32.add (local.get $out) (i32.const 1)) (local.get $e))
        (return (i32.add (local.get $out) (i32.const 2)))))
    ;; \u00XX with lowercase hex digits, as V8 writes it
    (i32.store (i32.add (local.get $out) (i32.const 1)) (i32.const 0x00303075))
    (i32.store8 (i32.add (local.get $out) (i32.const 4)) (i32.add (i32.const 0x30) (i32.shr_u (local.get $b) (i32.const 4))))
    (local.set $e (i32.and (local.get $b) (i32.const 15)))
    (i32.store8 (i32.add (local.get $out) (i32.const 5))
      (i32.add (local.get $e) (select (i32.const 0x57) (i32.const 0x30) (i32.ge_u (local.get $e) (i32.const 10)))))
    (i32.add (local.get $out) (i32.const 6)))

  ;; Lines of output for the plain reporter: [$src, $src+$len) copied to $dst, each newline followed by the
  ;; prefix, each tab 4 spaces. Bytes written, -1 when a byte is neither printable ASCII, tab nor newline,
  ;; -2 when the output could reach $limit. Output (if any) ends at least 16 bytes before $limit.
  (func (export "plain") (param $src i32) (param $len i32) (param $dst i32) (param $plen i32) (param $limit i32) (result i32)
    (local $end i32) (local $out i32) (local $v v128) (local $mask i32) (local $i i32)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $out (local.get $dst))
    (block $tail
      (loop $vec
        (br_if $tail (i32.gt_u (i32.add (local.get $src) (i32.const 16)) (local.get $end)))
        (if (i32.gt_u (i32.add (local.get $out) (i32.const 48)) (local.get $limit)) (then (return (i32.const -2))))
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $out) (local.get $v))
        (local.set $mask (i8x16.bitmask (v128.or
          (i8x16.lt_u (local.get $v) (v128.const i8x16 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20))
          (i8x16.gt_u (local.get $v) (v128.const i8x16 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e 0x7e)))))
        (if (i32.eqz (local.get $mask))
          (then
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (br $vec)))
        ;; The 16 bytes were stored; keep those before the first special one, then that one's replacement.
        (local.set $i (i32.ctz (local.get $mask)))
        (local.set $src (i32.add (local.get $src) (local.get $i)))
        (local.set $out (call $plainByte (i32.load8_u (local.get $src)) (i32.add (local.get $out) (local.get $i)) (local.get $plen)))
        (if (i32.lt_s (local.get $out) (i32.const 0)) (then (return (i32.const -1))))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (br $vec)))
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (if (i32.gt_u (i32.add (local.get $out) (i32.const 48)) (local.get $limit)) (then (return (i32.const -2))))
        (local.set $i (i32.load8_u (local.get $src)))
        (if (i32.and (i32.ge_u (local.get $i) (i32.const 0x20)) (i32.le_u (local.get $i) (i32.const 0x7e)))
          (then
            (i32.store8 (local.get $out) (local.get $i))
            (local.set $out (i32.add (local.get $out) (i32.const 1))))
          (else
            (local.set $out (call $plainByte (local.get $i) (local.get $out) (local.get $plen)))
            (if (i32.lt_s (local.get $out) (i32.const 0)) (then (return (i32.const -1))))))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (br $byte)))
    (i32.sub (local.get $out) (local.get $dst)))

  ;; ASCII text as the inside of a JSON string, escaped as JSON.stringify does: [$src, $src+$len) to $dst.
  ;; Bytes written, -1 when a byte is over 0x7f, -2 when the output could reach $limit. The output ends at
  ;; least 16 bytes before $limit (when there is any).
  (func (export "json") (param $src i32) (param $len i32) (param $dst i32) (param $limit i32) (result i32)
    (local $end i32) (local $out i32) (local $v v128) (local $mask i32) (local $i i32)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $out (local.get $dst))
    (block $tail
      (loop $vec
        (br_if $tail (i32.gt_u (i32.add (local.get $src) (i32.const 16)) (local.get $end)))
        (if (i32.gt_u (i32.add (local.get $out) (i32.const 48)) (local.get $limit)) (then (return (i32.const -2))))
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $out) (local.get $v))
        (local.set $mask (i8x16.bitmask (v128.or
          (v128.or
            (i8x16.lt_u (local.get $v) (v128.const i8x16 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20))
            (i8x16.eq (local.get $v) (v128.const i8x16 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22)))
          (v128.or
            (i8x16.eq (local.get $v) (v128.const i8x16 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c))
            (i8x16.lt_s (local.get $v) (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))))))
        (if (i32.eqz (local.get $mask))
          (then
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (br $vec)))
        (local.set $i (i32.ctz (local.get $mask)))
        (local.set $src (i32.add (local.get $src) (local.get $i)))
        (local.set $out (call $jsonByte (i32.load8_u (local.get $src)) (i32.add (local.get $out) (local.get $i))))
        (if (i32.lt_s (local.get $out) (i32.const 0)) (then (return (i32.const -1))))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (br $vec)))
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (if (i32.gt_u (i32.add (local.get $out) (i32.const 48)) (local.get $limit)) (then (return (i32.const -2))))
        (local.set $i (i32.load8_u (local.get $src)))
        (if (i32.and
              (i32.and (i32.ge_u (local.get $i) (i32.const 0x20)) (i32.lt_u (local.get $i) (i32.const 0x80)))
              (i32.and (i32.ne (local.get $i) (i32.const 0x22)) (i32.ne (local.get $i) (i32.const 0x5c))))
          (then
            (i32.store8 (local.get $out) (local.get $i))
            (local.set $out (i32.add (local.get $out) (i32.const 1))))
          (else
            (local.set $out (call $jsonByte (local.get $i) (local.get $out)))
            (if (i32.lt_s (local.get $out) (i32.const 0)) (then (return (i32.const -1))))))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (br $byte)))
    (i32.sub (local.get $out) (local.get $dst)))

  ;; How many times $byte occurs in [$src, $src+$len): sixteen bytes compared at a time.
  (func (export "count") (param $src i32) (param $len i32) (param $byte i32) (result i32)
    (local $end i32) (local $n i32) (local $b v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $b (i8x16.splat (local.get $byte)))
    (block $tail
      (loop $vec
        (br_if $tail (i32.gt_u (i32.add (local.get $src) (i32.const 16)) (local.get $end)))
        (local.set $n (i32.add (local.get $n)
          (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $src)) (local.get $b))))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (if (i32.eq (i32.load8_u (local.get $src)) (i32.and (local.get $byte) (i32.const 255)))
          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (br $one)))
    (local.get $n))

  ;; 1 when the $n bytes at $a and at $b are the same.
  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $k i32)
    (block $differ
      (loop $compare
        (if (i32.ge_u (local.get $k) (local.get $n)) (then (return (i32.const 1))))
        (br_if $differ (i32.ne
          (i32.load8_u (i32.add (local.get $a) (local.get $k)))
          (i32.load8_u (i32.add (local.get $b) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $compare)))
    (i32.const 0))

  ;; Where the needle [$n, $n+$nlen) first occurs in [$h, $h+$len), or -1 ($nlen >= 1). Sixteen places at a
  ;; time are candidates when both the needle's first and last bytes match there; only those are compared.
  (func (export "find") (param $h i32) (param $len i32) (param $n i32) (param $nlen i32) (result i32)
    (local $i i32) (local $stop i32) (local $last i32) (local $first v128) (local $lastv v128) (local $mask i32) (local $j i32)
    (if (i32.gt_u (local.get $nlen) (local.get $len)) (then (return (i32.const -1))))
    (local.set $last (i32.sub (local.get $nlen) (i32.const 1)))
    (local.set $first (i8x16.splat (i32.load8_u (local.get $n))))
    (local.set $lastv (i8x16.splat (i32.load8_u (i32.add (local.get $n) (local.get $last)))))
    ;; the last place the needle can start
    (local.set $stop (i32.sub (local.get $len) (local.get $nlen)))
    (block $tail
      (loop $vec
        (br_if $tail (i32.gt_u (i32.add (local.get $i) (i32.const 15)) (local.get $stop)))
        (local.set $mask (i8x16.bitmask (v128.and
          (i8x16.eq (v128.load (i32.add (local.get $h) (local.get $i))) (local.get $first))
          (i8x16.eq (v128.load (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $last))) (local.get $lastv)))))
        (block $next
          (loop $candidate
            (br_if $next (i32.eqz (local.get $mask)))
            (local.set $j (i32.add (local.get $i) (i32.ctz (local.get $mask))))
            (if (call $same (i32.add (local.get $h) (local.get $j)) (local.get $n) (local.get $nlen))
              (then (return (local.get $j))))
            (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
            (br $candidate)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $place
        (br_if $done (i32.gt_u (local.get $i) (local.get $stop)))
        (if (call $same (i32.add (local.get $h) (local.get $i)) (local.get $n) (local.get $nlen))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $place)))
    (i32.const -1))
)
