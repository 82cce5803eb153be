import helmet from 'helmet';

/**
 * Security headers with a Content-Security-Policy the built client passes:
 * scripts and styles only from this origin (Vite emits files, nothing
 * inline), sockets only back to this origin, no framing by other sites.
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The page links out to trackers and patches; they need not learn which bugday sent the visitor.
    referrerPolicy: { policy: 'no-referrer' },
  });
