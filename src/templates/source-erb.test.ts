import { beforeAll, describe, expect, it } from 'vitest';
import { RubySymbol, toRubyValue, type RubyHash, type RubyValue } from '../yaml/index.js';
import { RubyVmHost, type TemplateOutcome } from './ruby-vm-host.js';

// Reference §2.6 (ERB dialect, Ruby semantics) and §2.8 (template-level error text):
// cases T81-T84, T69, A97, driven through the same entry point the renderer uses.
let host: RubyVmHost;
beforeAll(async () => {
  host = await RubyVmHost.start();
});

const spec = toRubyValue({ name: 'fake-job-name', index: 0, properties: { property: 'value', n: 7 }, networks: {} }) as RubyHash;
/** `spec` with other properties. */
const specWith = (properties: RubyHash): RubyHash => new Map<RubyValue, RubyValue>([...spec, ['properties', properties]]);
const renderOne = (text: string, srcPath = 'source-filename.erb'): TemplateOutcome => {
  const [outcome] = host.renderTemplates({ spec, templates: [{ srcPath, erbFileName: `fake-job-name/${srcPath}`, text }] });
  if (outcome === undefined) throw new Error('no outcome');
  return outcome;
};
const rendered = (text: string): string => {
  const o = renderOne(text);
  if (!o.ok) throw new Error(o.message);
  return o.output.toString('utf8');
};
const failure = (text: string, srcPath?: string): string => {
  const o = renderOne(text, srcPath);
  if (o.ok) throw new Error(`rendered: ${o.output.toString()}`);
  return o.message;
};

describe('ERB with trim mode "-" (§2.6)', () => {
  it.each([
    ['T81 plain expression', '<%= "erb code to render" %>', 'erb code to render'],
    ['T83 newline after <% %> is kept', 'first line\n<% a= 1 %>\nsecond line\n', 'first line\n\nsecond line\n'],
    ['T84 -%> removes the newline', 'first line\n<% a= 1 -%>\nsecond line\n', 'first line\nsecond line\n'],
    ['<%- removes indentation', 'a\n    <%- if true -%>\nb\n  <%- end -%>\nc\n', 'a\nb\nc\n'],
    ['<%# is a comment', 'a<%# comment %>b', 'ab'],
    ['<%% is a literal <%', '<%% x %>', '<% x %>'],
    ['lines starting with % are text', '% not code\n', '% not code\n'],
    ['T69 ActiveSupport present?', '<%= p("property").present? ? "present? available" : "" %>', 'present? available'],
    ['A97 Hash#inspect of Ruby 3.4', '<%= {"a"=>1} %>', '{"a" => 1}'],
    ['Array to_s is inspect', '<%= ["a", 1, nil] %>', '["a", 1, nil]'],
    ['nil prints nothing', '[<%= nil %>]', '[]'],
    ['Float formats', '<%= 1.0 %> <%= 1e20 %> <%= 2.5e-5 %>', '1.0 1.0e+20 2.5e-05'],
    ['Integer division truncates', '<%= 7 / 2 %>', '3'],
    ['Symbol prints its name', '<%= :sym %>', 'sym'],
    ['to_json is compact', '<%= {"a"=>[1,2.0,nil,true]}.to_json %>', '{"a":[1,2.0,null,true]}'],
    ['JSON.pretty_generate indents by two', '<%= JSON.pretty_generate("a"=>{"b"=>1}) %>', '{\n  "a": {\n    "b": 1\n  }\n}'],
    ['to_yaml without require', '<%= {"a"=>1, "b"=>[true]}.to_yaml %>', '---\na: 1\nb:\n- true\n'],
    ['YAML.dump without require', '<%= YAML.dump("x" => "z", "y" => "on") %>', '---\nx: z\n"y": \'on\'\n'],
    ['shellescape', '<%= "it\'s here".shellescape %>', "it\\'s\\ here"],
    ['Base64', '<%= Base64.strict_encode64("bosun") %>', 'Ym9zdW4='],
    ['Digest', '<%= Digest::SHA1.hexdigest("abc") %>', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['OpenSSL digest', '<%= OpenSSL::Digest::SHA256.hexdigest("abc")[0, 16] %>', 'ba7816bf8f01cfea'],
    ['SecureRandom', '<%= SecureRandom.hex(4).size %>', '8'],
    ['Set', '<%= Set.new([1, 1, 2]).size %>', '2'],
    ['URI', '<%= URI.parse("https://u:p@host:8443/x?y=1").port %>', '8443'],
    ['Time.parse', '<%= Time.parse("2024-02-29T12:00:00Z").utc.iso8601 %>', '2024-02-29T12:00:00Z'],
    ['IPAddr without the socket extension', '<%= IPAddr.new("10.0.0.0/16").include?(IPAddr.new("10.0.3.4")) %> <%= IPAddr.new("192.168.1.7/24").to_s %> <%= IPAddr.new("fe80::1").ipv6? %>', 'true 192.168.1.0 true'],
    ['ERB inside a template', '<%= ERB.new("<" + "%= 1 + 1 %" + ">").result(binding) %>', '2'],
    ['constant assignment in a template', '<% LIMIT = 3 -%>\n<%= LIMIT %>', '3'],
    ['blank? / presence', '<%= [nil.blank?, "  ".blank?, [].blank?, 0.blank?, "x".presence, "".presence.inspect].join(",") %>', 'true,true,true,false,x,nil'],
    ['Unicode output', '<%= "héllo ✓" %>', 'héllo ✓'],
    ['string literals are UTF-8, as ERB#result makes them', '<%= "é".length %> <%= "é".encoding %> <%= __ENCODING__ %> <%= "café".upcase %>', '1 UTF-8 UTF-8 CAFÉ'],
    ['and so in a template that is not a method body', '<% X = 1 -%><%= "é".length %> <%= __ENCODING__ %>', '1 UTF-8'],
  ])('%s', (_name, text, expected) => {
    expect(rendered(text)).toBe(expected);
  });

  it('renders the same source again from the compiled cache', () => {
    expect(rendered('<%= p("n") * 2 %>')).toBe('14');
    expect(rendered('<%= p("n") * 2 %>')).toBe('14');
  });

  it('gives each template of one job a fresh context: nothing a template changes reaches the next', () => {
    const templates = [
      '<% raw_properties["property"] << "-changed"; properties.n = 8; spec.name << "!"; spec.networks.x = 1; @leak = 1; spec.freeze -%>changed',
      '<%= [p("property"), properties.n, spec.name, spec.networks.x, defined?(@leak), spec.frozen?].inspect %>',
    ].map((text, i) => ({ srcPath: `t${i}.erb`, erbFileName: `fake-job-name/t${i}.erb`, text }));
    const outcomes = host.renderTemplates({ spec, templates });
    expect(outcomes.map((o) => o.ok && o.output.toString())).toEqual(['changed', '["value", 7, "fake-job-name", nil, nil, false]']);
  });

  it('shares the values of raw_properties, properties and spec within a context, as EvaluationContext.new does', () => {
    expect(rendered('<% raw_properties["property"] << "!" -%><%= properties.property %> <%= spec.properties.property %>')).toBe('value! value!');
    expect(rendered('<% name << "?" -%><%= spec.name %>')).toBe('fake-job-name?');
  });

  it('gives each template a fresh context: a mutation does not leak to the next render', () => {
    expect(rendered('<% raw_properties["property"] = "changed" -%><%= p("property") %>')).toBe('changed');
    expect(rendered('<%= p("property") %>')).toBe('value');
  });

  it.each<[string, string, number[]]>([
    ['bytes that are not UTF-8', '<%= "a\\xFF\\xFEb".b %>', [0x61, 0xff, 0xfe, 0x62]],
    ['UTF-8 bytes in a binary String', '<%= "é".b %>', [0xc3, 0xa9]],
    ['a String in another encoding', '<%= "é".encode("ISO-8859-1") %>', [0xe9]],
    ['NUL and a byte order mark', '<%= "\\0\\uFEFFx" %>', [0x00, 0xef, 0xbb, 0xbf, 0x78]],
  ])('returns the rendered bytes unchanged: %s', (_name, text, bytes) => {
    const o = renderOne(text);
    expect(o.ok && [...o.output]).toEqual(bytes);
  });

  it('renders every template of a spec that only EvaluationContext.new can build', () => {
    const odd = specWith(new Map([[new RubySymbol('property'), 'from a Symbol key']]));
    const [o] = host.renderTemplates({ spec: odd, templates: [{ srcPath: 'a.erb', erbFileName: 'fake-job-name/a.erb', text: '<%= properties.property %>' }] });
    expect(o).toEqual({ ok: true, output: Buffer.from('from a Symbol key') });
  });

  it('keeps a template\'s `puts` out of the rendered output', () => {
    expect(rendered('<% $stdout.puts("noise") -%>kept')).toBe('kept');
  });
});

describe('template errors (§2.8)', () => {
  it.each([
    ['T82 NoMethodError on nil', '<% nil.no_method %>', "Error filling in template 'source-filename.erb' (line 1: undefined method 'no_method' for nil)"],
    ['unknown property with its line', 'a\nb\n<%= p("test_property") %>\n', `Error filling in template 'source-filename.erb' (line 3: Can't find property '["test_property"]')`],
    ['custom raise', 'x\n<% raise "Expected exactly two instances of db in current deployment" %>', "Error filling in template 'source-filename.erb' (line 2: Expected exactly two instances of db in current deployment)"],
    ['unknown link', '<%= link("provider").p("x") %>', "Error filling in template 'source-filename.erb' (line 1: Can't find link 'provider')"],
    ['undefined name names BOSH\'s class', '<%= nosuch %>', "Error filling in template 'source-filename.erb' (line 1: undefined local variable or method 'nosuch' for an instance of Bosh::Common::Template::EvaluationContext)"],
    ['exit is reported, not obeyed', '\n<% exit 3 %>', "Error filling in template 'source-filename.erb' (line 2: exit)"],
  ])('%s', (_name, text, expected) => {
    expect(failure(text)).toBe(expected);
  });

  it('reports a Ruby syntax error with its line', () => {
    const message = failure('ok\n<% if %>\n');
    expect(message).toMatch(/^Error filling in template 'source-filename\.erb' \(line /);
    expect(message).toContain('fake-job-name/source-filename.erb:2: syntax error');
    expect(message).not.toContain('__bosun');
  });

  it('reports a message that is not UTF-8 with replacement characters', () => {
    expect(failure('<% raise "bad \\xFF".b %>')).toBe("Error filling in template 'source-filename.erb' (line 1: bad \uFFFD)");
  });

  it('fails every template when the spec has a key EvaluationContext cannot take', () => {
    const odd = specWith(new Map([[7n, 'seven']]));
    const outcomes = host.renderTemplates({
      spec: odd,
      templates: ['a.erb', 'b.erb'].map((srcPath) => ({ srcPath, erbFileName: `fake-job-name/${srcPath}`, text: 'x' })),
    });
    expect(outcomes.map((o) => !o.ok && o.message)).toEqual([
      "Error filling in template 'a.erb' (line (unknown): undefined method 'to_sym' for an instance of Integer)",
      "Error filling in template 'b.erb' (line (unknown): undefined method 'to_sym' for an instance of Integer)",
    ]);
  });

  it('reports (line unknown) when no frame is in the template', () => {
    expect(failure('<%= [1].each_slice(0).to_a %>')).toBe("Error filling in template 'source-filename.erb' (line 1: invalid slice size)");
  });
});
