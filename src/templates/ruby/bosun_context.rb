# frozen_string_literal: false
#
# Bosun's template evaluation context, loaded once into the embedded Ruby VM.
#
# It reproduces the behaviour of BOSH's template library (reference §2.3-§2.8): the
# evaluation context with `p`, `if_p`, `link`, `if_link`, `spec` as an open struct and the
# else-block chains; links with `p`, `if_p` and `address`; the DNS query encoder; and the
# Director's error text for a failing template. Class names are BOSH's own, because they
# show up in Ruby's error messages ("undefined method 'x' for an instance of ...").
#
# The TypeScript side (ruby-vm-host.ts) calls `Bosun::Host.render_job` (bosun_host.rb),
# which reads a Marshal-encoded request and the evaluation context as Marshal data
# (context-marshal.ts), and answers with the rendered bytes unchanged.

Warning[:deprecated] = false

require 'erb'
require 'json'
require 'ostruct'
require 'shellwords'

# Loaded on first use to keep a cold `bosun render` fast; the Director has these loaded.
autoload :OpenSSL, 'openssl'
autoload :Digest, 'digest'
autoload :SecureRandom, 'securerandom'
autoload :Base64, 'base64'
autoload :URI, 'uri'
autoload :IPAddr, 'ipaddr'
autoload :Psych, 'yaml'
autoload :YAML, 'yaml'
autoload :Set, 'set'
autoload :SortedSet, 'set'

class Object
  # Psych replaces this with its own Object#to_yaml when 'yaml' loads.
  def to_yaml(options = {})
    require 'yaml'
    Psych.dump(self, options)
  end
end

# `Time.parse`, `Time#iso8601` and friends come from the 'time' library.
class Time
  class << self
    %i[parse strptime iso8601 xmlschema rfc2822 rfc822 httpdate].each do |name|
      define_method(name) do |*args, **kwargs, &block|
        require 'time'
        public_send(name, *args, **kwargs, &block)
      end
    end
  end
end

# The WebAssembly Ruby has no socket extension, which ipaddr requires. IPAddr only needs
# the address family constants; name resolution is not available in templates anyway.
unless defined?(::Socket)
  class BasicSocket < IO; end
  class SocketError < StandardError; end
  class Socket < BasicSocket
    AF_UNSPEC = 0
    AF_INET = 2
    AF_INET6 = 10
  end
  class IPSocket < BasicSocket
    def self.getaddress(host)
      raise SocketError, "getaddrinfo: name resolution is not available while rendering templates (#{host})"
    end
  end
  $LOADED_FEATURES << 'socket.so' << 'socket.rb'
end

# OpenStruct defines two singleton methods per key as it is built, which makes building
# `spec` and `properties` for every template the slowest part of rendering. Its
# method_missing already answers reads and writes of keys, so define the methods only
# where a key shadows an existing method (`spec.index`, a property named `hash`), which is
# where they change behaviour. Deliberate deviation: `singleton_methods` lists fewer names.
class OpenStruct
  alias_method :__bosun_new_member!, :new_ostruct_member!

  private def new_ostruct_member!(name)
    __bosun_new_member!(name) if !@table.key?(name) && respond_to?(name, true)
  end
end

# ActiveSupport's Object#blank?, #present? and #presence, which BOSH loads for templates.
class Object
  def blank?
    respond_to?(:empty?) ? !!empty? : false
  end

  def present?
    !blank?
  end

  def presence
    self if present?
  end
end

class NilClass
  def blank? = true
end

class FalseClass
  def blank? = true
end

class TrueClass
  def blank? = false
end

class Array
  alias_method :blank?, :empty?
end

class Hash
  alias_method :blank?, :empty?
end

class Symbol
  alias_method :blank?, :empty?
end

class String
  BOSUN_BLANK_RE = /\A[[:space:]]*\z/

  def blank?
    empty? || BOSUN_BLANK_RE.match?(self)
  rescue ArgumentError, Encoding::CompatibilityError
    false
  end
end

class Numeric
  def blank? = false
end

class Time
  def blank? = false
end

module Bosh
  module Common
    module Template
      class EvaluationFailed < StandardError; end
      class InvalidPropertyType < StandardError; end

      class UnknownProperty < StandardError
        attr_reader :name

        def initialize(names)
          @name = names
          super("Can't find property '#{names}'")
        end
      end

      class UnknownLink < StandardError
        attr_reader :name

        def initialize(name)
          @name = name
          super("Can't find link '#{name}'")
        end
      end

      # Dotted-name property access, §2.4.
      module PropertyHelper
        def copy_property(dst, src, name, default = nil)
          keys = name.split('.')
          value = walk_checked(src, keys, name)
          set_property(dst, name, value.nil? ? default : value)
        end

        # Loops here are `while`, not blocks: a `return` or `break` out of a block unwinds
        # with setjmp/longjmp, which costs a fraction of a millisecond in WebAssembly Ruby.
        def lookup_property(collection, name)
          return nil if collection.nil?

          keys = name.split('.')
          node = collection
          i = 0
          while i < keys.length
            node = node[keys[i]]
            return nil if node.nil?

            i += 1
          end
          node
        end

        def sort_property(property)
          return property unless property.is_a?(Hash)

          property.each_key { |k| property[k] = sort_property(property[k]) }
          property.sort.to_h
        end

        def set_property(dst, name, value)
          *parents, leaf = name.split('.')
          node = parents.reduce(dst) { |n, key| n[key] ||= {} }
          node[leaf] = value
        end

        def validate_properties_format(properties, name)
          walk_checked(properties, name.split('.'), name)
          nil
        end

        private

        def walk_checked(node, keys, name)
          i = 0
          while i < keys.length
            unless node.is_a?(Hash)
              raise InvalidPropertyType, "Property '#{name}' expects a hash, but received '#{node.class}'"
            end

            node = node[keys[i]]
            return node if node.nil?

            i += 1
          end
          node
        end
      end

      # `p` and `if_p` over a property hash, shared by the context, links and link instances.
      module PropertyLookup
        include PropertyHelper

        def p(*args)
          names = Array(args[0])
          i = 0
          while i < names.length
            found = lookup_property(property_source, names[i])
            return found unless found.nil?

            i += 1
          end
          return args[1] if args.length == 2

          raise UnknownProperty, names
        end

        def if_p(*names)
          values = []
          i = 0
          while i < names.length
            found = lookup_property(property_source, names[i])
            return EvaluationContext::ActiveElseBlock.new(self) if found.nil?

            values << found
            i += 1
          end
          yield(*values)
          EvaluationContext::InactiveElseBlock.new
        end
      end

      class ManualLinkDnsEncoder
        def initialize(manual_link_address)
          @manual_link_address = manual_link_address
        end

        def encode_query(_criteria, _use_short_dns = false)
          @manual_link_address
        end
      end

      class EvaluationLinkInstance
        include PropertyLookup

        attr_reader :name, :index, :id, :az, :address, :properties, :bootstrap

        def initialize(name, index, id, az, address, properties, bootstrap)
          @name = name
          @index = index
          @id = id
          @az = az
          @address = address
          @properties = properties
          @bootstrap = bootstrap
        end

        private

        def property_source = @properties
      end

      class EvaluationLink
        include PropertyLookup

        attr_reader :instances, :properties

        def initialize(instances, properties, group_name, group_type, default_network, deployment_name,
                       root_domain, dns_encoder, use_short_dns)
          @instances = instances
          @properties = properties
          @group_name = group_name
          @group_type = group_type
          @default_network = default_network
          @deployment_name = deployment_name
          @root_domain = root_domain
          @dns_encoder = dns_encoder
          @use_short_dns = use_short_dns
        end

        def address(criteria = {})
          raise NotImplementedError, 'link.address requires bosh director' if @dns_encoder.nil?

          @dns_encoder.encode_query(
            criteria.merge(
              group_name: @group_name,
              group_type: @group_type,
              default_network: @default_network,
              deployment_name: @deployment_name,
              root_domain: @root_domain,
            ),
            @use_short_dns,
          )
        end

        private

        def property_source = @properties
      end

      class EvaluationContext
        include PropertyLookup

        attr_reader :name, :index, :properties, :raw_properties, :spec

        def initialize(spec, dns_encoder)
          unless spec.is_a?(Hash)
            raise EvaluationFailed,
                  "Invalid spec provided for template evaluation context, Hash expected, #{spec.class} given"
          end

          @name = spec['name']
          @index = spec['index']
          @spec = openstruct(spec, BackCompatOpenStruct)
          @raw_properties = spec['properties'] || {}
          @properties = openstruct(@raw_properties)
          @dns_encoder = dns_encoder
          @links = spec['links'] || {}
        end

        def ==(other)
          %w[spec raw_properties name index properties].all? do |member|
            other.respond_to?(member) && send(member) == other.send(member)
          end
        end

        def get_binding
          binding
        end

        def link(name)
          link_spec = lookup_property(@links, name)
          raise UnknownLink, name if link_spec.nil? || !link_spec.key?('instances')

          create_evaluation_link(link_spec)
        end

        def if_link(name)
          link_spec = lookup_property(@links, name)
          return ActiveElseBlock.new(self) if link_spec.nil? || !link_spec.key?('instances')

          yield create_evaluation_link(link_spec)
          InactiveElseBlock.new
        end

        private

        def property_source = @raw_properties

        def create_evaluation_link(link_spec)
          instances = link_spec['instances'].map do |i|
            EvaluationLinkInstance.new(i['name'], i['index'], i['id'], i['az'], i['address'], i['properties'],
                                       i['bootstrap'])
          end
          encoder = link_spec.key?('address') ? ManualLinkDnsEncoder.new(link_spec['address']) : @dns_encoder
          by_link_name = link_spec.fetch('use_link_dns_names', false)
          EvaluationLink.new(
            instances,
            link_spec['properties'],
            by_link_name ? link_spec['group_name'] : link_spec['instance_group'],
            by_link_name ? 'link' : 'instance-group',
            link_spec['default_network'],
            link_spec['deployment_name'],
            link_spec['domain'],
            encoder,
            link_spec.fetch('use_short_dns_addresses', false),
          )
        end

        def openstruct(object, klass = OpenStruct)
          case object
          when Hash then klass.new(object.to_h { |k, v| [k, openstruct(v, klass)] })
          when Array then object.map { |item| openstruct(item, klass) }
          else object
          end
        end

        # `spec.networks.methods(false)` lists the keys; templates use it to find networks.
        class BackCompatOpenStruct < OpenStruct
          def methods(regular = true)
            regular ? super : marshal_dump.keys.map(&:to_sym)
          end
        end

        # Returned when the condition of if_p / if_link failed: the next branch may run.
        class ActiveElseBlock
          def initialize(owner)
            @context = owner
          end

          def else
            yield
          end

          def else_if_p(*names, &block)
            @context.if_p(*names, &block)
          end

          def else_if_link(name, &block)
            @context.if_link(name, &block)
          end
        end

        # Returned when a condition held: every later branch is skipped.
        class InactiveElseBlock
          def else; end

          def else_if_p(*_names)
            InactiveElseBlock.new
          end

          def else_if_link(_name)
            InactiveElseBlock.new
          end
        end
      end
    end
  end

  # The Director refers to the library under both names.
  Template = Common::Template
end
