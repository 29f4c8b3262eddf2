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

  # Compiles each distinct (file name, source) once and renders it with a fresh context.
  class TemplateCache
    def initialize
      @compiled = {}
      @counter = 0
    end

    # Returns the rendered String; raises what the template raised.
    def render(context, filename, source)
      entry = (@compiled[[filename, source]] ||= compile(filename, source))
      if entry.is_a?(Symbol)
        context.__send__(entry)
      else
        entry.result(context.get_binding)
      end
    end

    private

    # The ERB code becomes a method of the context class, so that later renders skip the Ruby
    # parser. `lineno` 0 as in ERB#result: the generated code starts with a magic comment line.
    # Code that does not compile as a method body is evaluated with ERB#result on every render.
    def compile(filename, source)
      erb = ERB.new(source, trim_mode: '-')
      erb.filename = filename
      method_name = :"__bosun_template_#{@counter += 1}"
      begin
        Bosh::Common::Template::EvaluationContext.class_eval("def #{method_name}; #{erb.src}\nend", filename, 0)
        method_name
      rescue SyntaxError
        # A constant assignment is fine in ERB#result but not in a method body; a real syntax
        # error is raised again by ERB#result, with the message BOSH users see.
        erb
      end
    end
  end

  module Host
    @cache = TemplateCache.new

    class << self
      # payload: base64 of Marshal({ 'spec' => Hash, 'templates' => [[src_path, erb_file_name, source], ...],
      #   'dns' => nil | { 'azs' => {...}, 'networks' => {...}, 'groups' => {...} }, 'stop_at_first' => [indexes] })
      # Returns JSON: [{ 'ok' => true, 'out' => b64 } | { 'ok' => false, 'message' => b64, 'trace' => b64 }]
      def render_job(payload)
        request = Marshal.load(payload.to_s.unpack1('m0'))
        spec_bytes = Marshal.dump(request.fetch('spec'))
        encoder = request['dns'] && LinkDnsEncoder.new(request['dns'])
        results = []
        templates = request.fetch('templates')
        stop_at = request.fetch('stop_at_first', [])
        i = 0
        while i < templates.length
          src_path, filename, source = templates[i]
          results << render_one(Marshal.load(spec_bytes), encoder, src_path, filename, source)
          i = stop_at.include?(i) && !results.last['ok'] ? templates.length : i + 1
        end
        JSON.generate(results)
      end

      private

      def render_one(spec, encoder, src_path, filename, source)
        context = Bosh::Common::Template::EvaluationContext.new(spec, encoder)
        out = @cache.render(context, filename, source)
        { 'ok' => true, 'out' => b64(out) }
      rescue Exception => e # rubocop:disable Lint/RescueException -- BOSH reports any exception, even exit
        trace = e.backtrace || []
        frame = trace.find { |l| l.include?(filename) } || '(unknown):(unknown)'
        line = frame.split(':')[1]
        message = "Error filling in template '#{src_path}' (line #{line}: #{e})"
        { 'ok' => false, 'message' => b64(message), 'trace' => b64("#{e.class}: #{e}\n#{trace.join("\n")}") }
      end

      def b64(string)
        [string.to_s].pack('m0')
      end
    end
  end
end
