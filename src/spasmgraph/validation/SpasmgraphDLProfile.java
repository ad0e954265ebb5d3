// The OWL API's OWL 2 DL profile check, run by spasmgraph.validation.owlapi as
//   java -cp <OWL API classpath> SpasmgraphDLProfile.java ontology.ttl
// (Java 11+ single-file source launcher). It prints one tab-separated line per finding,
// UNPARSED (a triple not mapped to OWL 2) or VIOLATION, then a DONE line.

import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.RDFTriple;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class SpasmgraphDLProfile {
    static String clean(Object o) {
        return String.valueOf(o).replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
    public static void main(String[] args) throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration cfg = m.getOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
            .setFollowRedirects(false)
            .setReportStackTraces(false);
        m.setOntologyLoaderConfiguration(cfg);
        OWLOntology o = m.loadOntologyFromOntologyDocument(
            new FileDocumentSource(new File(args[0]), new TurtleDocumentFormat()), cfg);
        OWLDocumentFormat f = m.getOntologyFormat(o);
        if (f != null && f.getOntologyLoaderMetaData().isPresent()) {
            Iterable<RDFTriple> unparsed =
                f.getOntologyLoaderMetaData().get().getUnparsedTriples()::iterator;
            for (RDFTriple t : unparsed) {
                System.out.println("UNPARSED\t" + clean(t.getSubject()) + "\t" + clean(t));
            }
        }
        OWLProfileReport r = new OWL2DLProfile().checkOntology(o);
        for (OWLProfileViolation v : r.getViolations()) {
            System.out.println("VIOLATION\t" + v.getClass().getSimpleName() + "\t"
                + clean(v.getExpression()) + "\t" + clean(v));
        }
        System.out.println("DONE\t" + o.getAxiomCount() + "\t" + r.isInProfile());
    }
}
