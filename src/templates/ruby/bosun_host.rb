# frozen_string_literal: false
#
# The entry points that Bosun's TypeScript host calls (ruby-vm-host.ts): render the templates
# of one job against a template spec, and the Director's DNS query encoder for link.address.

module Bosun
  # BOSH's canonical DNS label (§2.5): lowercase, '_' to '-', only [a-z0-9-].
  module Canonicalizer
    def self.canonicalize(name)
      label = name.to_s.downcase.tr('_', '-').gsub(/[^a-z0-9-]/, '')
      raise "Invalid DNS canonical name '#{name}', cannot start with a hyphen" if label.start_with?('-')
      raise "Invalid DNS canonical name '#{name}', cannot end with a hyphen" if label.end_with?('-')

      label
    end
  end

  # The Director's DNS query encoder for `link(...).address(criteria)` (§2.3). The numeric ids
  # that the Director keeps in its database (AZs, networks, link groups) come in the request.
  class LinkDnsEncoder
    HEALTH = { 'healthy' => 3, 'unhealthy' => 1, 'all' => 4, 'default' => 0 }.freeze

    def initialize(ids)
      @az_ids = ids.fetch('azs', {})
      @network_ids = ids.fetch('networks', {})
      @group_ids = ids.fetch('groups', {})
    end

    def encode_query(criteria, use_short_dns = false)
      labels = ["q-#{query_slug(criteria, use_short_dns)}"]
      if use_short_dns
        labels << "q-g#{@group_ids.fetch([criteria[:group_type], criteria[:group_name], criteria[:deployment_name]].join('/'), '')}"
      else
        labels.concat(%i[group_name default_network deployment_name].map { |k| Canonicalizer.canonicalize(criteria.fetch(k)) })
      end
      labels << criteria[:root_domain]
      labels.join('.')
    end

    private

    def query_slug(criteria, use_short_dns)
      parts = Array(criteria[:azs]).map { |az| "a#{id_of(@az_ids, az, 'AZ')}" }
      if use_short_dns && !criteria[:default_network].nil?
        parts << "n#{id_of(@network_ids, criteria[:default_network], 'Network')}"
      end
      parts << "s#{HEALTH.fetch(criteria[:status], 0)}"
      parts.sort.join
    end

    def id_of(ids, name, what)
      ids.fetch(name) { raise "Unknown #{what}: '#{name}'" }
    end
  end

  # Compiles each registered template once and renders it with a given context.
  class TemplateCache
    def initialize
      @sources = {}
      @compiled = {}
      @counter = 0
    end

    # The TypeScript side numbers each distinct (ERB file name, source) and sends it once.
    def register(id, filename, source)
      @sources[id] = [filename, source]
    end

    def filename(id)
      @sources.fetch(id)[0]
    end

    # Returns the rendered String; raises what the template raised.
    def render(context, id)
      entry = (@compiled[id] ||= compile(*@sources.fetch(id)))
      if entry.is_a?(Symbol)
        context.__send__(entry)
      else
        entry.result(context.get_binding)
      end
    end

    private

    # The ERB code becomes a method of the context class, so that later renders skip the Ruby
    # parser. `lineno` 0 as in ERB#result: the generated code starts with a magic comment line.
    # That comment, which gives ERB#result the template's encoding, is not first here, so the
    # code gets the encoding itself (string literals and __ENCODING__ are UTF-8, as in BOSH).
    # Code that does not compile as a method body is evaluated with ERB#result on every render.
    def compile(filename, source)
      erb = ERB.new(source, trim_mode: '-')
      erb.filename = filename
      method_name = :"__bosun_template_#{@counter += 1}"
      code = "def #{method_name}; #{erb.src}\nend".force_encoding(erb.encoding)
      begin
        Bosh::Common::Template::EvaluationContext.class_eval(code, filename, 0)
        method_name
      rescue SyntaxError
        # A constant assignment is fine in ERB#result but not in a method body; a real syntax
        # error is raised again by ERB#result, with the message BOSH users see.
        erb
      end
    end
  end

  # A fresh evaluation context for each template of a job (§2.6 isolation). BOSH gives a
  # template a Marshal copy of the job's context whenever the previous template changed it;
  # Bosun gives every template its own copy. The TypeScript side sends the context as
  # Marshal data that loads, in C, into what EvaluationContext.new builds
  # (context-marshal.ts), except for one thing Marshal cannot carry: the accessor methods
  # that OpenStruct.new defines for a key that shadows a method (a property named `format`).
  # Structs with such keys get them here from OpenStruct's own update_to_values!.
  class ContextCopies
    SpecStruct = Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct

    def initialize(image, spec_keys, property_keys, dns_encoder)
      @image = image
      @dns_encoder = dns_encoder
      @spec_keys = shadowing_keys(SpecStruct, spec_keys)
      # The properties are part of the spec, and OpenStruct's methods are SpecStruct's too.
      @property_keys = @spec_keys.empty? ? [] : shadowing_keys(OpenStruct, property_keys)
    end

    def next_context
      context, spec_structs, property_structs = Marshal.load(@image)
      add_accessors(spec_structs, @spec_keys) unless @spec_keys.empty?
      add_accessors(property_structs, @property_keys) unless @property_keys.empty?
      context.instance_variable_set(:@dns_encoder, @dns_encoder)
      context
    end

    private

    # The keys for which OpenStruct.new may define accessors: respond_to?(key, true) can be
    # true while a struct is built only for a method of the class or, through
    # respond_to_missing?, for a key ending in '='. OpenStruct.new decides exactly.
    def shadowing_keys(klass, keys)
      (keys & (klass.instance_methods + klass.private_instance_methods)) | keys.grep(/=\z/)
    end

    def add_accessors(structs, keys)
      i = 0
      while i < structs.length
        table = structs[i].instance_variable_get(:@table)
        structs[i].__send__(:update_to_values!, table) if keys.any? { |key| table.key?(key) }
        i += 1
      end
    end
  end

  # A fresh context for each template built by EvaluationContext.new from a copy of the
  # spec, for specs that only Ruby builds exactly (see context-marshal.ts).
  class SpecCopies
    def initialize(spec, dns_encoder)
      @spec_bytes = Marshal.dump(spec)
      @dns_encoder = dns_encoder
    end

    def next_context
      Bosh::Common::Template::EvaluationContext.new(Marshal.load(@spec_bytes), @dns_encoder)
    end
  end

  module Host
    @cache = TemplateCache.new

    class << self
      # input: a JavaScript function that returns the input of the next render_job call.
      def connect(input)
        @input = input
      end

      # Reads its input from the function given to `connect`: base64 of the request's
      # Marshal data, a space, and base64 of the evaluation context's Marshal data
      # (context-marshal.ts) or nothing. The request is a Hash:
      #   'templates' => [[src_path, template_id], ...],
      #   'new_templates' => [[template_id, erb_file_name, source], ...],
      #   'spec' => Hash (when there is no context) or 'spec_keys' and 'property_keys' => [Symbol],
      #   'dns' => nil | { 'azs' => {...}, 'networks' => {...}, 'groups' => {...} },
      #   'stop_at_first' => [indexes]
      # Returns the results as `answer` writes them.
      def render_job
        payload, image = @input.call(:call).to_s.split(' ', 2)
        request = Marshal.load(payload.unpack1('m0'))
        request.fetch('new_templates').each { |id, filename, source| @cache.register(id, filename, source) }
        encoder = request['dns'] && LinkDnsEncoder.new(request['dns'])
        contexts =
          if request.key?('spec')
            SpecCopies.new(request['spec'], encoder)
          else
            ContextCopies.new(image.unpack1('m0'), request.fetch('spec_keys'), request.fetch('property_keys'), encoder)
          end
        results = []
        templates = request.fetch('templates')
        stop_at = request.fetch('stop_at_first', [])
        i = 0
        while i < templates.length
          src_path, id = templates[i]
          results << render_one(contexts, src_path, id)
          i = stop_at.include?(i) && results.last.length == 3 ? templates.length : i + 1
        end
        answer(results)
      end

      private

      # [output] or [output, message, backtrace]
      def render_one(contexts, src_path, id)
        [@cache.render(contexts.next_context, id).to_s]
      rescue Exception => e # rubocop:disable Lint/RescueException -- BOSH reports any exception, even exit
        trace = e.backtrace || []
        filename = @cache.filename(id)
        frame = trace.find { |l| l.include?(filename) } || '(unknown):(unknown)'
        line = frame.split(':')[1]
        [nil, "Error filling in template '#{src_path}' (line #{line}: #{e})", "#{e.class}: #{e}\n#{trace.join("\n")}"]
      end

      # One line of results, then the bytes of their strings, one after the other. The line
      # has a word per template: `+` and its output, or `-`, its message and backtrace, each
      # string as `u<bytes>` (UTF-8, sent as is) or `b<bytes>` (base64 of any other bytes).
      # The host reads the answer as UTF-8 text, so every byte arrives unchanged.
      def answer(results)
        words = []
        parts = []
        results.each do |output, message, trace|
          words << (message.nil? ? "+#{part(parts, output)}" : "-#{part(parts, message)}#{part(parts, trace)}")
        end
        # Array#join of UTF-8 Strings copies bytes; pack('a*') and String#<< of binary Strings
        # are many times slower here.
        parts.unshift("#{words.join(' ')}\n")
        parts.join
      end

      def part(parts, string)
        utf8 = string.encoding == Encoding::UTF_8 ? string : string.dup.force_encoding(Encoding::UTF_8)
        if utf8.valid_encoding?
          parts << utf8
          "u#{utf8.bytesize}"
        else
          parts << [string].pack('m0').force_encoding(Encoding::UTF_8)
          "b#{parts.last.bytesize}"
        end
      end
    end
  end
end
